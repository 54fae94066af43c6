/**
 * The incentives procedures end to end: the console creates, edits and cancels KPI tasks (the
 * edit form's field errors and the refusal once rewards were paid included) and reads completion rates and leaderboards with full names (by role); the portal reads its own
 * progress, masked leaderboards and its growth value — and never another brand's.
 */
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { settleKpiRewards } from "@/server/incentives/kpi/settle";
import { shanghaiMonth } from "@/server/incentives/leaderboards/periods";
import { chain } from "@/server/network/test-helpers";
import { ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf, trpcErrorOf } from "@/server/testing/outcomes";
import { staffInRole } from "@/server/testing/staff-roles";
import { createCaller } from "../root";
import { createTrpcContext, zodFields } from "../trpc";

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
    await expect(s.caller.kpiTasks.update({ id, name: "复活", month, metric: "gmv", target: 1, rewardFen: 1 })).rejects.toSatisfy((e) => code(e) === "CONFLICT");
  });

  it("console: an edit carries field errors the form can place, and is refused once rewards were paid", async () => {
    const s = await scenario("Incentives Edit");
    const MONTH = "2026-03";
    const terms = { name: "三月冲刺", month: MONTH, metric: "gmv" as const, target: 10_000, rewardFen: 1_000 };
    const { id } = await s.caller.kpiTasks.create(terms);

    // Schema failures name each field with a stable key (the form maps rewardFen to its reward).
    const invalid = await trpcErrorOf(s.caller.kpiTasks.update({ ...terms, id, month: "2026-13", rewardFen: 0 }));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(zodFields(invalid.cause as ZodError)).toEqual({ month: "invalid_format", rewardFen: "too_small" });
    // A level that does not exist (e.g. deleted since the form loaded) is the level field's error.
    const level = await trpcErrorOf(s.caller.kpiTasks.update({ ...terms, id, levelId: "0190a6c2-6a8e-7000-8000-000000000001" }));
    expect(level.code).toBe("UNPROCESSABLE_CONTENT");
    expect((level.cause as AppError).fields).toEqual({ levelId: "not_found" });
    expect(await outcomeOf(s.caller.kpiTasks.update({ ...terms, id: "0190a6c2-6a8e-7000-8000-000000000002" }))).toBe("NOT_FOUND");

    // ¥150 settled in March reaches the ¥100 target: once settled, the reward is paid.
    const sale = orderInput({ referralCode: s.lead.code, paidAt: "2026-03-05T02:00:00Z", items: [{ sku: "S", quantity: 1, amountFen: 15_000 }] });
    await ingest(t, s.tenantId, [sale]);
    await sendEvent(t, s.tenantId, sale, { type: "completed", at: "2026-03-06T02:00:00Z" });
    const paid = await withTenant(t.db, s.tenantId, (tx) => settleKpiRewards(tx, s.tenantId, MONTH, { now: new Date("2026-06-01T00:00:00Z") }));
    expect(paid.rewards).toBe(1);
    const [row] = (await s.caller.kpiTasks.list({ month: MONTH })).items;
    expect(row).toMatchObject({ id, rewarded: 1, target: 10_000 });

    // The list's `rewarded` disables the row's edit; a stale form still meets the server's CONFLICT.
    const conflict = await trpcErrorOf(s.caller.kpiTasks.update({ ...terms, id, target: 20_000 }));
    expect(conflict.code).toBe("CONFLICT");
    expect((conflict.cause as AppError).fields).toEqual({ id: "invalid_transition" });
    expect((await s.caller.kpiTasks.list({ month: MONTH })).items[0]).toMatchObject({ target: 10_000 });
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
