/**
 * /api/v1/kpi-tasks and /api/v1/distributors/{code}/kpi: a brand runs a month of KPI tasks
 * without the console — create, list, read, edit, cancel — and a distributor who met last
 * month's target is paid the reward by the month close, read back through the API.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { monthBounds, previousMonth, shanghaiMonth } from "@/server/incentives/leaderboards/periods";
import { nextPhone } from "@/server/network/test-helpers";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const DAY = 86_400_000;
const TASK = { name: "11月冲刺", month: "2026-11", metric: "gmv", target: 3_000_000, rewardFen: 50_000 };
const NO_FIGURES = { eligible: 0, reached: 0, rewarded: 0, rewardedFen: 0, completionBp: 0 };

interface Task {
  id: string;
  status: string;
}

describe.each(MOUNTS)("KPI tasks through the %s", (mount) => {
  const caller = (key: string) => (method: string, path: string, body?: unknown) => h.call(mount, method, path, { key, body });

  it("creates, lists, reads, edits and cancels a task, audited as the API key; a cancelled task cannot change (409)", async () => {
    const b = await brandWithKey(t);
    const call = caller(b.key);
    expect((await call("POST", "/api/v1/levels", { name: "金牌", rank: 1 })).status).toBe(201);
    const res = await call("POST", "/api/v1/kpi-tasks", { ...TASK, level: "金牌" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Task;
    expect(res.headers.get("location")).toBe(`/api/v1/kpi-tasks/${created.id}`);
    expect(created).toEqual({ id: expect.any(String) as unknown, ...TASK, level: "金牌", role: null, status: "active", ...NO_FIGURES });
    const december = (await (await call("POST", "/api/v1/kpi-tasks", { name: "12月订单", month: "2026-12", metric: "orders", target: 20, rewardFen: 8_800, role: "team_lead" })).json()) as Task;

    const all = (await (await call("GET", "/api/v1/kpi-tasks")).json()) as { total: number; items: Task[] };
    expect(all.total).toBe(2);
    expect(all.items.map((x) => x.id)).toEqual([december.id, created.id]);
    expect((await (await call("GET", "/api/v1/kpi-tasks?dir=asc&limit=1&offset=1")).json()) as unknown).toMatchObject({ total: 2, items: [{ id: december.id }] });
    expect(await (await call("GET", "/api/v1/kpi-tasks?month=2026-11")).json()).toEqual({ total: 1, items: [created] });
    expect(await (await call("GET", `/api/v1/kpi-tasks/${created.id}`)).json()).toEqual(created);

    const edited = await call("PUT", `/api/v1/kpi-tasks/${created.id}`, { ...TASK, target: 5_000_000, role: "city_partner" });
    expect(edited.status).toBe(200);
    const after = { ...created, target: 5_000_000, level: null, role: "city_partner" };
    expect(await edited.json()).toEqual(after);
    expect(await (await call("GET", `/api/v1/kpi-tasks/${created.id}`)).json()).toEqual(after);

    const cancelled = await call("DELETE", `/api/v1/kpi-tasks/${created.id}`);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ ...after, status: "cancelled" });
    expect(await (await call("GET", "/api/v1/kpi-tasks?status=cancelled")).json()).toEqual({ total: 1, items: [{ ...after, status: "cancelled" }] });
    expect(await (await call("GET", "/api/v1/kpi-tasks?status=active")).json()).toMatchObject({ total: 1, items: [{ id: december.id }] });

    const refused = await call("PUT", `/api/v1/kpi-tasks/${created.id}`, TASK);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "CONFLICT", errors: { id: "invalid_transition" } });
    expect((await call("DELETE", `/api/v1/kpi-tasks/${created.id}`)).status).toBe(404);
    expect(await (await call("GET", `/api/v1/kpi-tasks/${created.id}`)).json()).toMatchObject({ status: "cancelled", target: 5_000_000 });

    const log = rowsOf<{ action: string; actor_type: string; actor_id: string }>(
      await withTenant(t.db, b.tenantId, (tx) =>
        tx.execute(sql`select action, actor_type, actor_id from audit_logs where target_id = ${created.id} order by id`),
      ),
    );
    expect(log).toEqual(["kpi_task.created", "kpi_task.updated", "kpi_task.cancelled"].map((action) => ({ action, actor_type: "api", actor_id: b.apiKeyId })));
  });

  it("refuses bad fields by name — a recruiting metric, a negative reward — and an unknown level (422), creating nothing", async () => {
    const b = await brandWithKey(t);
    const call = caller(b.key);
    const recruits = await call("POST", "/api/v1/kpi-tasks", { ...TASK, metric: "recruits" });
    expect(recruits.status).toBe(400);
    expect(recruits.headers.get("content-type")).toBe("application/problem+json");
    expect(await recruits.json()).toMatchObject({ code: "BAD_REQUEST", errors: { metric: "invalid_value" } });
    const bad = await call("POST", "/api/v1/kpi-tasks", { month: "2026-13", metric: "orders", target: 0, rewardFen: -100, levelId: "x" });
    expect(await bad.json()).toMatchObject({
      status: 400,
      errors: { name: "required", month: "invalid_format", target: "too_small", rewardFen: "too_small", levelId: "unrecognized_key" },
    });
    const types = await call("POST", "/api/v1/kpi-tasks", { ...TASK, rewardFen: "100", role: "boss" });
    expect(await types.json()).toMatchObject({ status: 400, errors: { rewardFen: "invalid_type", role: "invalid_value" } });
    const level = await call("POST", "/api/v1/kpi-tasks", { ...TASK, level: "钻石" });
    expect(level.status).toBe(422);
    expect(await level.json()).toMatchObject({ code: "UNPROCESSABLE", errors: { level: "not_found" } });
    expect(await (await call("GET", "/api/v1/kpi-tasks")).json()).toEqual({ total: 0, items: [] });
    expect(await (await call("GET", "/api/v1/kpi-tasks?month=2026-1")).json()).toMatchObject({ status: 400, errors: { month: "invalid_format" } });
    expect(await (await call("GET", "/api/v1/kpi-tasks/not-a-uuid")).json()).toMatchObject({ status: 400, errors: { id: "invalid_format" } });
  });

  it("needs an API key, and answers 404 for another brand's task or distributor", async () => {
    const b = await brandWithKey(t);
    const other = await brandWithKey(t, "Other");
    const task = (await (await caller(b.key)("POST", "/api/v1/kpi-tasks", TASK)).json()) as Task;
    const d = (await (await caller(b.key)("POST", "/api/v1/distributors", { name: "甲", phone: nextPhone() })).json()) as { code: string };

    expect((await h.call(mount, "GET", "/api/v1/kpi-tasks")).status).toBe(401);
    expect((await h.call(mount, "POST", "/api/v1/kpi-tasks", { body: TASK })).status).toBe(401);
    expect((await h.call(mount, "GET", `/api/v1/kpi-tasks/${task.id}`, { key: "fx_not_a_real_key" })).status).toBe(401);
    expect((await h.call(mount, "GET", `/api/v1/distributors/${d.code}/kpi`)).status).toBe(401);

    const theirs = caller(other.key);
    for (const [method, body] of [["GET"], ["PUT", TASK], ["DELETE"]] as const) {
      const res = await theirs(method, `/api/v1/kpi-tasks/${task.id}`, body);
      expect(res.status, method).toBe(404);
      expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await (await theirs("GET", "/api/v1/kpi-tasks")).json()).toEqual({ total: 0, items: [] });
    expect((await theirs("GET", `/api/v1/distributors/${d.code}/kpi`)).status).toBe(404);
    expect((await caller(b.key)("GET", "/api/v1/kpi-tasks/0193a1f2-5b7c-7d2e-9f10-1a2b3c4d5e6f")).status).toBe(404);
    // Untouched by the other brand's attempts.
    expect(await (await caller(b.key)("GET", `/api/v1/kpi-tasks/${task.id}`)).json()).toMatchObject({ status: "active", ...TASK });
  });

  it("pays the reward to a distributor who met last month's target at the month close, and shows it on the task and the distributor", async () => {
    const b = await brandWithKey(t);
    const call = caller(b.key);
    const month = previousMonth(shanghaiMonth(new Date()));
    const start = monthBounds(month).start.getTime();
    const at = (days: number) => new Date(start + days * DAY).toISOString();
    const hit = (await (await call("POST", "/api/v1/distributors", { name: "达标", phone: nextPhone() })).json()) as { code: string };
    const miss = (await (await call("POST", "/api/v1/distributors", { name: "未达标", phone: nextPhone() })).json()) as { code: string };
    const orders = (await (await call("POST", "/api/v1/kpi-tasks", { name: "两单", month, metric: "orders", target: 2, rewardFen: 8_800 })).json()) as Task;
    const gmv = (await (await call("POST", "/api/v1/kpi-tasks", { name: "大单", month, metric: "gmv", target: 100_000_000, rewardFen: 99_900 })).json()) as Task;

    const sale = async (code: string, n: number) => {
      const res = await call("POST", "/api/v1/orders", {
        channel: "jd",
        externalId: `KPI-${code}-${n}`,
        status: "completed",
        buyer: { identities: [{ kind: "phone", value: nextPhone() }] },
        referralCode: code,
        items: [{ sku: "S", quantity: 1, amountFen: 20_000 }],
        paidAt: at(2),
        completedAt: at(3),
      });
      expect(res.status).toBe(201);
    };
    await sale(hit.code, 1);
    await sale(hit.code, 2);
    await sale(miss.code, 1);

    // Reached on attributed sales; verified and paid only by the month's settle.
    expect(await (await call("GET", `/api/v1/kpi-tasks/${orders.id}`)).json()).toMatchObject({ eligible: 2, reached: 1, rewarded: 0, rewardedFen: 0, completionBp: 0 });
    expect(await (await call("GET", `/api/v1/distributors/${hit.code}/kpi`)).json()).toEqual({
      items: [{ taskId: orders.id, name: "两单", month, metric: "orders", target: 2, rewardFen: 8_800, current: 2, rewarded: false, verifying: true }],
    });

    const closed = await call("POST", "/api/v1/month-closes", { month });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ steps: { kpiRewards: { month, rewards: 1, rewardFen: 8_800 } } });

    expect(await (await call("GET", `/api/v1/kpi-tasks/${orders.id}`)).json()).toMatchObject({ eligible: 2, reached: 1, rewarded: 1, rewardedFen: 8_800, completionBp: 5_000 });
    expect(await (await call("GET", `/api/v1/kpi-tasks/${gmv.id}`)).json()).toMatchObject({ reached: 0, rewarded: 0, rewardedFen: 0 });
    expect(await (await call("GET", `/api/v1/distributors/${hit.code}/kpi`)).json()).toEqual({
      items: [{ taskId: orders.id, name: "两单", month, metric: "orders", target: 2, rewardFen: 8_800, current: 2, rewarded: true, verifying: false }],
    });
    // Last month's missed targets are of no further interest.
    expect(await (await call("GET", `/api/v1/distributors/${miss.code}/kpi`)).json()).toEqual({ items: [] });
    expect(await (await call("GET", `/api/v1/distributors/${hit.code}`)).json()).toMatchObject({ balances: { availableFen: 8_800 } });
    expect(await (await call("GET", `/api/v1/distributors/${miss.code}`)).json()).toMatchObject({ balances: { availableFen: 0 } });
    expect(await (await call("GET", "/api/v1/ledger/summary")).json()).toMatchObject({ imbalanceFen: 0 });

    // Rewards were paid on its terms: they can no longer change; cancelling keeps what was paid.
    const edit = await call("PUT", `/api/v1/kpi-tasks/${orders.id}`, { name: "两单", month, metric: "orders", target: 1, rewardFen: 8_800 });
    expect(edit.status).toBe(409);
    expect(await edit.json()).toMatchObject({ errors: { id: "invalid_transition" } });
    expect(await (await call("DELETE", `/api/v1/kpi-tasks/${orders.id}`)).json()).toMatchObject({ status: "cancelled", rewarded: 1, rewardedFen: 8_800 });
    expect(await (await call("GET", `/api/v1/distributors/${hit.code}`)).json()).toMatchObject({ balances: { availableFen: 8_800 } });
  });
});
