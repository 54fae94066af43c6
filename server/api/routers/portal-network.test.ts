import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { bindBuyer } from "@/server/network/binding";
import { reviewApplications } from "@/server/network/distributors";
import { ADMIN, buyer, chain, nextPhone } from "@/server/network/test-helpers";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture } from "@/server/testing/fixtures";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { maskName } from "@/server/network/mask-name";
import { createCaller } from "../root";
import { INVITE_LOOKUP_LIMIT } from "./portal-network";
import { createTrpcContext } from "../trpc";
import { outcomeOf } from "@/server/testing/outcomes";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function portalCaller(tenantId: string, memberId: string) {
  const s = await createPortalSession(t.db, tenantId, memberId);
  return createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.50" }));
}

describe("portal network", () => {
  it("an invitee applies through the invite, is approved, and the inviter sees them in My Team", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, (tx) =>
      updateProgramSettings(tx, ADMIN, { commissionLevels: 3, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30 }),
    );
    const [inviter] = await chain(t.db, b.tenantId, ["Inviter", "Mid", "Deep"]);
    const anon = createCaller(await createTrpcContext({ database: t, ip: "198.51.100.51" }));
    // Before anyone signs in, the inviter's name is masked like a phone number.
    expect(await anon.portalNetwork.invite({ slug: b.slug, code: inviter!.code })).toEqual({
      inviterName: "I*****r",
      inviterCode: inviter!.code,
      brandName: "Test Brand",
    });
    const m = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
    const invitee = await portalCaller(b.tenantId, m);
    const before = await invitee.portalNetwork.status({ slug: b.slug });
    expect(before.distributor).toBeNull();
    expect(before).toMatchObject({ commissionLevels: 3, enrolment: { mode: "open", spentFen: 0 } });
    const applied = await invitee.portalNetwork.submitApplication({ slug: b.slug, name: "Newbie", region: "苏州", inviterCode: inviter!.code, agreementVersion: 0 });
    expect(applied.status).toBe("applied");
    const d = (await invitee.portalNetwork.status({ slug: b.slug })).distributor!;
    // Their own name in full, the upline's masked.
    expect(d).toMatchObject({ status: "applied", name: "Newbie", region: "苏州", uplineName: "I*****r", levelName: null });
    expect(await outcomeOf(invitee.portalNetwork.team({ slug: b.slug }))).toBe("FORBIDDEN");

    const all = await withTenant(t.db, b.tenantId, (tx) => tx.query.distributors.findFirst({ where: (x, { eq }) => eq(x.memberId, m) }));
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [all!.id], decision: "approve" }));

    const inviterPortal = await portalCaller(b.tenantId, inviter!.memberId);
    const team = await inviterPortal.portalNetwork.team({ slug: b.slug });
    // Levels = 3: the inviter earns down two levels of its team (Mid and Newbie; Deep).
    expect(team.levels).toEqual([{ level: 1, total: 2, active: 2 }, { level: 2, total: 1, active: 1 }]);
    expect(team.total).toBe(3);
    expect(team.members.map((x) => x.name).sort()).toEqual(["D**p", "M*d", "N****e"]);
    expect(JSON.stringify(team)).not.toMatch(/Deep|Newbie/);
    expect(JSON.stringify(team)).not.toContain(m);
  });

  it("limits invite-code lookups per client address", async () => {
    const b = await createBrandFixture(t);
    const [inviter] = await chain(t.db, b.tenantId, ["张三丰"]);
    const anon = createCaller(await createTrpcContext({ database: t, ip: "198.51.100.60" }));
    for (let i = 0; i < INVITE_LOOKUP_LIMIT.limit; i++) {
      const code = i % 2 ? inviter!.code : `NOPE${i}`; // unknown codes count too (enumeration)
      await anon.portalNetwork.invite({ slug: b.slug, code }).catch(() => null);
    }
    expect(await outcomeOf(anon.portalNetwork.invite({ slug: b.slug, code: inviter!.code }))).toBe("TOO_MANY_REQUESTS");
    const elsewhere = createCaller(await createTrpcContext({ database: t, ip: "198.51.100.61" }));
    expect((await elsewhere.portalNetwork.invite({ slug: b.slug, code: inviter!.code })).inviterName).toBe("张*丰");
  });

  it("My Customers shows bound buyers masked", async () => {
    const b = await createBrandFixture(t);
    const [d] = await chain(t.db, b.tenantId, ["Seller"]);
    const phone = nextPhone();
    await withTenant(t.db, b.tenantId, async (tx) => bindBuyer(tx, { buyerMemberId: await buyer(tx, phone), distributorId: d!.id, source: "poster" }));
    const me = await portalCaller(b.tenantId, d!.memberId);
    const list = await me.portalNetwork.customers({ slug: b.slug });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ source: "poster", masked: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    expect(JSON.stringify(list)).not.toContain(phone);
  });

  it("a session of brand A is not signed in on brand B's portal, and B's codes are unknown to A", async () => {
    const a = await createBrandFixture(t, "Brand A");
    const b = await createBrandFixture(t, "Brand B");
    const [da] = await chain(t.db, a.tenantId, ["A1"]);
    const [db] = await chain(t.db, b.tenantId, ["B1"]);
    const me = await portalCaller(a.tenantId, da!.memberId);
    // Thunks: each call starts only when awaited, so no rejection goes unhandled.
    for (const call of [
      () => me.portalNetwork.status({ slug: b.slug }),
      () => me.portalNetwork.team({ slug: b.slug }),
      () => me.portalNetwork.customers({ slug: b.slug }),
      () => me.portalNetwork.submitApplication({ slug: b.slug, name: "x", region: "y", agreementVersion: 0 }),
    ]) {
      expect(await outcomeOf(call())).toBe("UNAUTHORIZED");
    }
    expect(await outcomeOf(me.portalNetwork.invite({ slug: a.slug, code: db!.code }))).toBe("NOT_FOUND");
    const newcomer = await portalCaller(a.tenantId, await withTenant(t.db, a.tenantId, (tx) => buyer(tx)));
    expect(await outcomeOf(newcomer.portalNetwork.submitApplication({ slug: a.slug, name: "x", region: "y", inviterCode: db!.code, agreementVersion: 0 }))).toBe("BAD_REQUEST");
    expect((await newcomer.portalNetwork.status({ slug: a.slug })).distributor).toBeNull();
  });

  it("portal.claim binds a signed-in buyer through the landing page's code, only within the session's brand", async () => {
    const a = await createBrandFixture(t, "Brand A");
    const b = await createBrandFixture(t, "Brand B");
    const [seller] = await chain(t.db, a.tenantId, ["Seller"]);
    const [foreign] = await chain(t.db, b.tenantId, ["Foreign"]);
    const m = await withTenant(t.db, a.tenantId, (tx) => buyer(tx));
    const me = await portalCaller(a.tenantId, m);
    expect(await outcomeOf(me.portal.claim({ slug: b.slug, ref: foreign!.code }))).toBe("UNAUTHORIZED");
    // Another brand's code is unknown here: nothing is bound, and nothing leaks.
    await me.portal.claim({ slug: a.slug, ref: foreign!.code });
    const sellerPortal = await portalCaller(a.tenantId, seller!.memberId);
    expect((await sellerPortal.portalNetwork.customers({ slug: a.slug })).total).toBe(0);
    await me.portal.claim({ slug: a.slug, ref: seller!.code });
    const after = await sellerPortal.portalNetwork.customers({ slug: a.slug });
    expect(after.items.map((i) => i.source)).toEqual(["link"]);
  });
});

describe("maskName", () => {
  it("keeps the first and last character, like a masked phone number", () => {
    expect(maskName("张三丰")).toBe("张*丰");
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
    expect(maskName("李四")).toBe("李*");
    expect(maskName("王")).toBe("*");
    expect(maskName(" Ann Lee ")).toBe("A*****e");
    expect(maskName("")).toBe("");
    expect(maskName("𠮷野家")).toBe("𠮷*家"); // by character, not UTF-16 unit
  });
});
