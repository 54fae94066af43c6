/** The growth-value export for a brand's membership system: CSV through the export registry, brand-scoped. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession } from "@/server/auth/staff-auth";
import { exportCsv } from "@/server/export/handler";
import { ADMIN, chain, nextPhone } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { createBrandFixture } from "@/server/testing/fixtures";
import { foldGrowth } from "./fold";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;

async function brandWithSale(name: string, amountFen: number) {
  const b = await createBrandFixture(t, name);
  await withTenant(t.db, b.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 1, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }),
  );
  await addRule(t, b.tenantId, FLAT_RULE);
  const [D] = await chain(t.db, b.tenantId, ["张三"]);
  const o = orderInput({ referralCode: D!.code, buyer: { identities: [{ kind: "phone", value: nextPhone() }] }, paidAt: new Date(Date.now() - 20 * DAY).toISOString(), items: [{ sku: "S", quantity: 1, amountFen }] });
  await ingest(t, b.tenantId, [o]);
  await sendEvent(t, b.tenantId, o, { type: "completed", at: new Date(Date.now() - 10 * DAY).toISOString() });
  await withTenant(t.db, b.tenantId, (tx) => foldGrowth(tx, b.tenantId));
  return { ...b, D: D!, session: await createStaffSession(t.db, b.ownerUserId) };
}

describe("member-growth export", () => {
  it("lists the brand's members with growth, in yuan, and nothing of another brand", async () => {
    const a = await brandWithSale("Growth A", 12_345);
    const b = await brandWithSale("Growth B", 99_900);
    const res = await exportCsv({ database: t, staffSessionId: a.session, list: "member-growth", query: new URLSearchParams(), locale: "zh-CN", now: new Date() });
    expect(res.status).toBe(200);
    const rows = (await res.text()).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("会员 ID,姓名,手机号（脱敏）,分销员编号,成长值（元）");
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.endsWith(",123.45"))).toHaveLength(2);
    expect(rows.some((r) => r.includes(a.D.code) && r.includes(a.D.memberId))).toBe(true);
    expect(rows.some((r) => r.includes(b.D.code) || r.includes("999.00"))).toBe(false);
  });
});
