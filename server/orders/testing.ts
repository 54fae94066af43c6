/** Builders for money tests: a brand with rules, orders in the API's shape, balances. */
import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createRule } from "@/server/commission/rules";
import type { RuleInput } from "@/server/commission/schemas";
import { balancesOfOne } from "@/server/ledger/balances";
import { ADMIN, nextPhone } from "@/server/network/test-helpers";
import { createBrandFixture } from "@/server/testing/fixtures";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { applyOrderEvent } from "./events";
import { ingestOrders } from "./ingest";
import type { OrderEvent, OrderInput } from "./schemas";
import { findOrderId, orderView } from "./views";

export async function moneyBrand(t: Database, program: Partial<{ commissionLevels: number; afterSalesDays: number; bindingMode: "permanent" | "lock" | "last_click"; bindingLockDays: number; selfPurchase: "block" | "allow" }> = {}) {
  const brand = await createBrandFixture(t, `Money ${randomBytes(3).toString("hex")}`);
  await withTenant(t.db, brand.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 3, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block", ...program }),
  );
  return brand.tenantId;
}

export async function addRule(t: Database, tenantId: string, input: RuleInput) {
  return withTenant(t.db, tenantId, (tx) => createRule(tx, ADMIN, input));
}

/** 10% / 5% / 2% for everything: DOMAIN.md §1's vector rates. */
export const FLAT_RULE: RuleInput = {
  name: "flat",
  priority: 0,
  stackable: false,
  match: {},
  tiers: [
    { tier: 1, rateBp: 1000 },
    { tier: 2, rateBp: 500 },
    { tier: 3, rateBp: 200 },
  ],
};

export const DAY = 86_400_000;
/** An instant `n` days before now, as the API takes it (paidAt, completedAt). */
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

let seq = 0;
export function orderInput(overrides: Partial<OrderInput> = {}): OrderInput {
  seq += 1;
  return {
    channel: "tmall",
    externalId: `T${process.pid}-${Date.now()}-${seq}`,
    status: "paid",
    buyer: { identities: [{ kind: "phone", value: nextPhone() }] },
    items: [{ sku: "SKU-1", quantity: 1, amountFen: 10_000 }],
    paidAt: new Date().toISOString(),
    ...overrides,
  };
}

export async function ingest(t: Database, tenantId: string, orders: OrderInput[], now?: Date) {
  return withTenant(t.db, tenantId, (tx) => ingestOrders(tx, { tenantId, actor: { type: "api", id: null }, source: "api", now }, orders));
}

export async function view(t: Database, tenantId: string, o: Pick<OrderInput, "channel" | "externalId">) {
  return withTenant(t.db, tenantId, async (tx) => orderView(tx, (await findOrderId(tx, o.channel, o.externalId))!));
}

export async function sendEvent(t: Database, tenantId: string, o: Pick<OrderInput, "channel" | "externalId">, event: OrderEvent) {
  return withTenant(t.db, tenantId, async (tx) => {
    const id = await findOrderId(tx, o.channel, o.externalId);
    if (!id) throw new Error("no such order");
    return applyOrderEvent(tx, { tenantId, source: "api" }, id, event);
  });
}

export async function balances(t: Database, tenantId: string, distributorId: string) {
  return withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, distributorId));
}

/** Commission amounts by distributor code, for compact assertions. */
export function earnedByCode(v: { commissions: { distributorCode: string; amountFen: number }[] }) {
  const out: Record<string, number> = {};
  for (const c of v.commissions) out[c.distributorCode] = (out[c.distributorCode] ?? 0) + c.amountFen;
  return out;
}
