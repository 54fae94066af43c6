/**
 * "Test connection": asks the gateway about a bill that cannot exist, signed with the saved
 * credentials. "No such bill" proves the gateway accepted our signature and we could verify its
 * reply; an unclear answer (a refused signature, a reply we could not verify, a timeout) says
 * what went wrong. Nothing is paid or created at the gateway.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import type { PayoutGatewayChannel } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/tenancy/audit";
import { describeError } from "@/server/payouts/providers/types";
import { buildProvider, gatewayUrlOf } from "./resolve";
import { openGateway, recordGatewayCheck, type GatewayCheck } from "./store";
import { gatewayTargetProblem } from "./targets";

export async function checkGateway(db: Db, tenantId: string, actor: Actor, channel: PayoutGatewayChannel, now = () => new Date()): Promise<GatewayCheck> {
  const stored = await withTenant(db, tenantId, (tx) => openGateway(tx, channel));
  if (!stored) throw new AppError("NOT_FOUND", "No gateway is saved for this channel.");
  // Its answer is shown to the brand: never from an address inside our network.
  const refused = await gatewayTargetProblem(gatewayUrlOf(stored));
  if (refused) throw new AppError("PRECONDITION_FAILED", `The gateway address is not allowed: ${refused}`);
  // Built fresh: a check must use exactly what is saved, not a cached client.
  const provider = buildProvider(stored, tenantId);
  // Out-bill numbers are ours (W…); this prefix is never issued, so the bill cannot exist.
  const probe = `FXCHECK${randomBytes(8).toString("hex").toUpperCase()}`;
  let check: GatewayCheck;
  try {
    const outcome = await provider.query(probe);
    check =
      outcome.state === "unknown"
        ? { at: now(), ok: false, message: outcome.reason }
        : { at: now(), ok: true, message: outcome.state === "not_found" ? "credentials accepted" : `answered ${outcome.state}` };
  } catch (e) {
    check = { at: now(), ok: false, message: describeError(e) };
  }
  // The call is outside any transaction: a slow gateway holds no row lock.
  await withTenant(db, tenantId, (tx) => recordGatewayCheck(tx, actor, channel, stored.version, check));
  return check;
}
