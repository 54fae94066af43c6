/**
 * GET /api/dev/sms?phone=13800138000 → the newest sign-in code sent to that phone through the
 * outbox provider. For e2e tests and local development; 404 in production.
 */
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { normalisePhone } from "@/server/portal/phone";
import { latestOutboxCode } from "@/server/sms/outbox";

export const dynamic = "force-dynamic";

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function GET(req: Request) {
  if (env.FENXIAO_ENV === "production") return new Response("Not Found", { status: 404 });
  const phone = normalisePhone(new URL(req.url).searchParams.get("phone") ?? "");
  if (!phone) return json({ error: "phone must be a mainland China mobile number" }, 400);
  const latest = await latestOutboxCode(await appDb(), phone);
  if (!latest) return json({ error: "no code has been sent to this phone" }, 404);
  return json({ phone, code: latest.code, sentAt: latest.sentAt.toISOString() });
}
