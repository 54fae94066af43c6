import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { members } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { bindBuyer, bindingHistory } from "./binding";
import { changeStatus } from "./distributors";
import { resolveMember } from "./oneid";
import { ADMIN, chain, nextPhone } from "./test-helpers";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const t0 = new Date("2026-03-01T00:00:00Z");
const at = (d: number) => new Date(t0.getTime() + d * 86400_000);

describe("OneID", () => {
  it("finds the same member for any of their identities and attaches new ones", async () => {
    const b = await createBrandFixture(t);
    const phone = nextPhone();
    const first = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "phone", value: phone }, { kind: "jd_pin", value: "jd_abc" }]));
    expect(first.created).toBe(true);
    const again = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "jd_pin", value: "jd_abc" }, { kind: "tmall_buyer", value: "tm_1" }]));
    expect(again).toEqual({ memberId: first.memberId, created: false, merged: [] });
    const byTmall = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "tmall_buyer", value: "tm_1" }]));
    expect(byTmall.memberId).toBe(first.memberId);
  });

  it("does not merge on unverified evidence", async () => {
    const b = await createBrandFixture(t);
    const one = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "pdd_uid", value: "p1" }]));
    const two = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "douyin_openid", value: "d1" }]));
    const both = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "pdd_uid", value: "p1" }, { kind: "douyin_openid", value: "d1" }]));
    expect(both.merged).toEqual([]);
    expect([one.memberId, two.memberId]).toContain(both.memberId);
  });

  for (const disableEarliest of [false, true]) {
    it(`merges on verified identities, keeping the earliest ${disableEarliest ? "still-valid " : ""}binding and all history`, async () => {
      const b = await createBrandFixture(t);
      await withTenant(t.db, b.tenantId, (tx) => updateProgramSettings(tx, ADMIN, { commissionLevels: 2, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 }));
      const [A] = await chain(t.db, b.tenantId, ["A"]);
      const [C] = await chain(t.db, b.tenantId, ["C"]);
      const phone = nextPhone();
      const m1 = (await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "phone", value: phone, verified: true }], { now: at(0) }))).memberId;
      const m2 = (await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "wechat_unionid", value: "wx-u-1", verified: true }], { now: at(0) }))).memberId;
      await withTenant(t.db, b.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m2, distributorId: A!.id, source: "link", now: at(1) }));
      await withTenant(t.db, b.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: m1, distributorId: C!.id, source: "qr", now: at(2) }));
      if (disableEarliest) {
        await withTenant(t.db, b.tenantId, (tx) => changeStatus(tx, ADMIN, { id: A!.id, status: "disabled", reason: "left" }));
      }

      const merged = await withTenant(t.db, b.tenantId, (tx) =>
        resolveMember(tx, [{ kind: "phone", value: phone, verified: true }, { kind: "wechat_unionid", value: "wx-u-1", verified: true }], { now: at(5) }),
      );
      expect(merged.merged).toHaveLength(1);
      const survivor = merged.memberId;
      const kept = disableEarliest ? "C" : "A";
      const history = await withTenant(t.db, b.tenantId, (tx) => bindingHistory(tx, survivor));
      expect(history.find((h) => !h.endedAt)?.distributorName).toBe(kept);
      expect(history.map((h) => h.distributorName).sort()).toEqual(["A", "C"]);
      expect(history.find((h) => h.distributorName !== kept)?.endedReason).toBe("member_merged");
      // Both identities now resolve to the survivor; the merged member points at it.
      const byWx = await withTenant(t.db, b.tenantId, (tx) => resolveMember(tx, [{ kind: "wechat_unionid", value: "wx-u-1" }]));
      expect(byWx.memberId).toBe(survivor);
      const [row] = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(members).where(eq(members.id, merged.merged[0]!)));
      expect(row!.mergedIntoId).toBe(survivor);
      const log = rowsOf<{ n: number }>(await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select count(*)::int as n from member_merges`)));
      expect(log[0]!.n).toBe(1);
    });
  }
});
