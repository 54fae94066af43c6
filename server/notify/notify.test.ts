import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { brandSettings, distributorLevels, distributors, notifications } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { applyAsDistributor, reviewApplications } from "@/server/network/distributors";
import { createLevel } from "@/server/network/levels";
import { buyer, nextPhone, ADMIN } from "@/server/network/test-helpers";
import { rememberMemberContact } from "@/server/portal/member";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { listOutbox } from "@/server/sms/outbox";
import type { Locale } from "@/server/i18n/config";
import { listNotifications, markRead, unreadCount } from "./notify";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** A brand with an SMS signature and two levels, and a member who signed in and applied. */
async function applicant(locale: Locale) {
  const b = await createBrandFixture(t, "Tea House");
  const phone = nextPhone();
  const d = await withTenant(t.db, b.tenantId, async (tx) => {
    await tx.update(brandSettings).set({ smsSignature: "茶舍" }).where(eq(brandSettings.tenantId, b.tenantId));
    await createLevel(tx, ADMIN, { name: "Bronze", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null });
    await createLevel(tx, ADMIN, { name: "Gold", rank: 2, minGmvFen: null, minOrders: 10, minDirectCustomers: null });
    const m = await buyer(tx, phone);
    await rememberMemberContact(tx, m, { phone, locale });
    return applyAsDistributor(tx, m, { name: "Applicant", region: "杭州" });
  });
  return { b, phone, d };
}

const smsTo = async (phone: string) => (await listOutbox(t.db, 200)).filter((m) => m.phone === phone);

describe("application outcomes", () => {
  it("approval: SMS in the member's language signed by the brand, a notification, the entry level", async () => {
    const { b, phone, d } = await applicant("en");
    const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
    expect(await caller.distributors.review({ ids: [d.id], decision: "approve" })).toEqual([{ id: d.id, ok: true }]);

    const sms = await smsTo(phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toBe("【茶舍】Your application to distribute for Tea House was approved. Sign in to the portal to share your link.");

    await withTenant(t.db, b.tenantId, async (tx) => {
      const [row] = await tx.select({ levelName: distributorLevels.name }).from(distributors).innerJoin(distributorLevels, eq(distributorLevels.id, distributors.levelId)).where(eq(distributors.id, d.id));
      expect(row?.levelName).toBe("Bronze");
      const list = await listNotifications(tx, d.memberId, { limit: 10, offset: 0 });
      expect(list).toMatchObject([{ kind: "application.approved", params: { brand: "Tea House", level: "Bronze" }, readAt: null }]);
      expect(await unreadCount(tx, d.memberId)).toBe(1);
      expect(await markRead(tx, d.memberId, "all")).toBe(1);
      expect(await unreadCount(tx, d.memberId)).toBe(0);
    });
  });

  it("rejection: SMS in Chinese with the reason", async () => {
    const { b, phone, d } = await applicant("zh-CN");
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "reject", reason: "资料不全" }));
    const sms = await smsTo(phone);
    expect(sms.map((m) => m.body)).toEqual(["【茶舍】您申请成为Tea House分销员未通过审核，原因：资料不全。您可登录分销中心重新申请。"]);
    const rows = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(notifications).where(eq(notifications.memberId, d.memberId)));
    expect(rows).toMatchObject([{ kind: "application.rejected", params: { reason: "资料不全" } }]);
  });

  it("the notification is written in the approval's transaction: a rollback leaves no row and sends no SMS", async () => {
    const { b, phone, d } = await applicant("en");
    await expect(
      withTenant(t.db, b.tenantId, async (tx) => {
        await reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" });
        const seen = await tx.select().from(notifications).where(eq(notifications.memberId, d.memberId));
        expect(seen).toHaveLength(1);
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    await new Promise((r) => setTimeout(r, 20));
    expect(await smsTo(phone)).toHaveLength(0);
    const rows = await withTenant(t.db, b.tenantId, (tx) =>
      tx.select().from(notifications).where(and(eq(notifications.memberId, d.memberId))),
    );
    expect(rows).toHaveLength(0);
  });

  it("a member who never signed in (no phone kept) still gets the portal notification", async () => {
    const b = await createBrandFixture(t);
    const d = await withTenant(t.db, b.tenantId, async (tx) => applyAsDistributor(tx, await buyer(tx), { name: "Quiet", region: "x" }));
    const before = (await listOutbox(t.db, 500)).length;
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" }));
    expect((await listOutbox(t.db, 500)).length).toBe(before);
    const n = await withTenant(t.db, b.tenantId, (tx) => unreadCount(tx, d.memberId));
    expect(n).toBe(1);
  });

  it("another member's notifications can be neither read nor marked", async () => {
    const { b, d } = await applicant("en");
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" }));
    const other = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
    await withTenant(t.db, b.tenantId, async (tx) => {
      expect(await listNotifications(tx, other, { limit: 10, offset: 0 })).toEqual([]);
      expect(await markRead(tx, other, "all")).toBe(0);
      expect(await unreadCount(tx, d.memberId)).toBe(1);
    });
    // Another brand sees none of them (RLS).
    const b2 = await createBrandFixture(t);
    const foreign = await withTenant(t.db, b2.tenantId, (tx) => listNotifications(tx, d.memberId, { limit: 10, offset: 0 }));
    expect(foreign).toEqual([]);
  });
});
