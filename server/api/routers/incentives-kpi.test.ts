/**
 * The incentives procedures end to end: the console creates, edits and cancels KPI tasks and
 * reads completion rates and leaderboards with full names (by role); the portal reads its own
 * progress, masked leaderboards and its growth value — and never another brand's.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { shanghaiMonth } from "@/server/incentives/leaderboards/periods";
import { chain } from "@/server/network/test-helpers";
import { ingest, orderInput } from "@/server/orders/testing";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import { createCaller } from "../root";
import { createTrpcContext } from "../trpc";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function portalCaller(tenantId: string, memberId: string) {
  const s = await createPortalSession(t.db, tenantId, memberId);
  return createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.71" }));
}

async function scenario(name: string) {
  const b = await createBrandFixture(t, name);
  const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
  const [lead, member] = await chain(t.db, b.tenantId, ["张三丰", "李四"]);
  await ingest(t, b.tenantId, [
    orderInput({ referralCode: lead!.code, items: [{ sku: "S", quantity: 1, amountFen: 20_000 }] }),
    orderInput({ referralCode: member!.code, items: [{ sku: "S", quantity: 1, amountFen: 50_000 }] }),
  ]);
  return { ...b, caller, lead: lead!, member: member! };
}

const code = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));

describe("incentives procedures", () => {
  it("console: task CRUD with completion rates; leaderboards with full names", async () => {
    const s = await scenario("Incentives A");
    const month = shanghaiMonth(new Date());
    const { id } = await s.caller.kpiTasks.create({ name: "本月冲刺", month, metric: "gmv", target: 30_000, rewardFen: 8_800 });
    await expect(s.caller.kpiTasks.create({ name: "拉新", month, metric: "recruits" as "gmv", target: 3, rewardFen: 1 })).rejects.toSatisfy((e) => code(e) === "BAD_REQUEST");
    await s.caller.kpiTasks.update({ id, name: "本月冲刺!", month, metric: "gmv", target: 40_000, rewardFen: 8_800 });
    const list = await s.caller.kpiTasks.list({ month });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ name: "本月冲刺!", target: 40_000, eligible: 2, reached: 1, rewarded: 0, completionBp: 0 });
    const board = await s.caller.leaderboards.read({ period: "month", metric: "gmv", scope: { kind: "brand" }, limit: 10 });
    expect(board.entries.map((e) => [e.name, e.value])).toEqual([["李四", 50_000], ["张三丰", 20_000]]);
    await s.caller.kpiTasks.cancel({ id });
    expect((await s.caller.kpiTasks.list({ month })).items[0]!.status).toBe("cancelled");
    await expect(s.caller.kpiTasks.cancel({ id })).rejects.toSatisfy((e) => code(e) === "NOT_FOUND");
  });

  it("console: a risk reviewer reads but cannot create tasks", async () => {
    const s = await scenario("Incentives Roles");
    const { caller } = await staffInRole(t, s, "risk");
    await expect(caller.kpiTasks.create({ name: "x", month: "2026-03", metric: "orders", target: 1, rewardFen: 1 })).rejects.toSatisfy((e) => code(e) === "FORBIDDEN");
    expect((await caller.kpiTasks.list({})).total).toBe(0);
  });

  it("portal: own progress, masked boards (brand and own team), growth — and nothing of another brand", async () => {
    const a = await scenario("Incentives P1");
    const b = await scenario("Incentives P2");
    const month = shanghaiMonth(new Date());
    await a.caller.kpiTasks.create({ name: "GMV ¥500", month, metric: "gmv", target: 50_000, rewardFen: 1_000 });
    await b.caller.kpiTasks.create({ name: "B only", month, metric: "orders", target: 1, rewardFen: 1_000 });
    const portal = await portalCaller(a.tenantId, a.lead.memberId);
    const tasks = await portal.portalIncentives.tasks({ slug: a.slug });
    expect(tasks).toEqual([expect.objectContaining({ name: "GMV ¥500", current: 20_000, target: 50_000, rewarded: false })]);
    const board = await portal.portalIncentives.leaderboard({ slug: a.slug, period: "week", metric: "gmv", scope: "brand" });
    expect(board.entries).toEqual([
      { rank: 1, name: "李*", value: 50_000, me: false },
      { rank: 2, name: "张三丰", value: 20_000, me: true },
    ]);
    const team = await portal.portalIncentives.leaderboard({ slug: a.slug, period: "month", metric: "orders", scope: "team" });
    // One order each: a tie, broken by distributor id (the earlier one first).
    expect(team.entries.map((e) => [e.name, e.value])).toEqual([["张三丰", 1], ["李*", 1]]);
    expect(await portal.portalIncentives.leaderboard({ slug: a.slug, period: "month", metric: "orders", scope: "region" })).toEqual({ periodStart: "", region: null, entries: [] });
    expect(await portal.portalIncentives.growth({ slug: a.slug })).toEqual({ growthValueFen: 0, asBuyerFen: 0, asDistributorFen: 0 });
    // Brand A's session on brand B's page is not signed in there.
    await expect(portal.portalIncentives.tasks({ slug: b.slug })).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
    await expect(portal.portalIncentives.leaderboard({ slug: b.slug, period: "week", metric: "gmv" })).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
    await expect(portal.portalIncentives.growth({ slug: b.slug })).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
    // And brand B's member sees only brand B.
    const bPortal = await portalCaller(b.tenantId, b.member.memberId);
    expect((await bPortal.portalIncentives.tasks({ slug: b.slug })).map((x) => x.name)).toEqual(["B only"]);
    const bBoard = await bPortal.portalIncentives.leaderboard({ slug: b.slug, period: "month", metric: "gmv" });
    expect(bBoard.entries.map((e) => e.me)).toEqual([true, false]);
    // A distributor's growth only comes with settlement: a test in server/incentives/growth covers the money.
    expect(await withTenant(t.db, b.tenantId, async (tx) => (await tx.query.kpiTasks.findMany()).length)).toBe(1);
  });
});
