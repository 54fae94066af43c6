/**
 * A gateway URL a brand typed is an address our server will call (payouts and "test
 * connection", whose answer is shown back), so it passes the same check as a webhook endpoint
 * (server/webhooks/target.ts): https to globally reachable addresses only, checked when saved and
 * again before each use. Loopback and private addresses follow WEBHOOK_ALLOW_PRIVATE_TARGETS
 * (development, e2e), never in production. The SDKs resolve the host again themselves, so unlike
 * webhooks the connection is not pinned to the checked address.
 */
import { checkTarget } from "@/server/webhooks/target";

let allowPrivate: boolean | undefined;

/** Tests: the fake gateways listen on loopback (`undefined` goes back to the deployment's setting). */
export function allowPrivateGatewayTargets(allow: boolean | undefined) {
  allowPrivate = allow;
}

/** Why `url` may not be called (null: it may, or it is the gateway's built-in address). */
export async function gatewayTargetProblem(url: string | null | undefined): Promise<string | null> {
  if (!url) return null;
  const r = await checkTarget(url, { allowPrivate });
  return r.ok ? null : r.reason;
}
