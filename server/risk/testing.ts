/**
 * Test builders for the Risk Control Center: orders flagged the way ingest flags them (a
 * verdict with its rules, commissions held through the same ledger move a reviewer's hold
 * uses), so the queue and decisions are tested apart from the ingest checks that raise them.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orders } from "@/db/schema";
import type { RiskRuleHit } from "@/db/schema/orders";
import { firstRow, withTenant } from "@/db/tenant";
import { adminCreateDistributor } from "@/server/network/distributors";
import { ADMIN, nextPhone } from "@/server/network/test-helpers";
import { ingest, orderInput } from "@/server/orders/testing";
import type { OrderInput } from "@/server/orders/schemas";
import { decideHold } from "@/server/settlement/holds";

/**
 * A flagged order. A blocked order earns nothing at ingest, so a `block` one is given without
 * a referral code (no commission rows), like the self-purchase block leaves none to pay.
 */
export async function flaggedOrder(
  t: Database,
  tenantId: string,
  opts: { verdict?: "review" | "block"; rules?: RiskRuleHit[]; order?: Partial<OrderInput> } = {},
) {
  const verdict = opts.verdict ?? "review";
  const rules = opts.rules ?? [{ code: "device_shared", action: verdict, evidence: { orders: 3 } }];
  const input = orderInput(opts.order);
  if (verdict === "block" && input.referralCode) throw new Error("a blocked order earns no commission: give it no referral code");
  const [r] = await ingest(t, tenantId, [input]);
  const orderId = r!.orderId;
  await withTenant(t.db, tenantId, async (tx) => {
    await tx.update(orders).set({ riskVerdict: verdict, riskRules: rules }).where(eq(orders.id, orderId));
    const pending = firstRow<{ n: number }>(await tx.execute(sql`select count(*)::int as n from commissions where order_id = ${orderId} and status = 'pending'`))?.n ?? 0;
    if (verdict === "review" && pending > 0) await decideHold(tx, tenantId, ADMIN, { orderId, decision: "hold", reason: "flagged" });
  });
  return { orderId, input };
}

/** An active distributor whose phone the test knows (so it can buy as itself through others). */
export async function distributorWithPhone(t: Database, tenantId: string, name: string, uplineCode?: string) {
  const phone = nextPhone();
  const d = await withTenant(t.db, tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name, phone, uplineCode }));
  return { id: d.id, code: d.code, name: d.name, memberId: d.memberId, phone };
}

/** `n` new buyers, each ordering once through `code` from the same device (a device farm). */
export async function plantDeviceFarm(t: Database, tenantId: string, code: string, n: number, deviceId: string, paidAt = new Date().toISOString()) {
  const inputs = Array.from({ length: n }, () => orderInput({ referralCode: code, paidAt, device: { id: deviceId } }));
  return ingest(t, tenantId, inputs);
}

/** Each distributor buys once through the next one, the last through the first: a ring. */
export async function plantRing(t: Database, tenantId: string, ring: { code: string; phone: string }[], paidAt = new Date().toISOString()) {
  const inputs = ring.map((d, i) => orderInput({ referralCode: ring[(i + 1) % ring.length]!.code, paidAt, buyer: { identities: [{ kind: "phone", value: d.phone }] } }));
  return ingest(t, tenantId, inputs);
}
