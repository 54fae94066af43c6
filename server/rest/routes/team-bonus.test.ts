/** /api/v1/team-bonus and /api/v1/month-closes: a brand's month through the public API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
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

const SETTINGS = {
  teamLeadLadder: [
    { minFen: 10_000_000, rateBp: 100 },
    { minFen: 30_000_000, rateBp: 200 },
  ],
  cityPartnerLadder: [],
  levelLookbackDays: 365,
  levelDemotion: false,
  excludeEmployeesFromTeamBonus: false,
};

describe.each(MOUNTS)("team bonus through the %s", (mount) => {
  it("sets the ladder, closes a month once, and lists the statement with its calculation, for the key's brand only", async () => {
    const b = await brandWithKey(t);
    const other = await brandWithKey(t, "Other");
    const call = (method: string, path: string, body?: unknown, key = b.key) => h.call(mount, method, path, { key, body });
    expect((await call("PUT", "/api/v1/team-bonus/settings", SETTINGS)).status).toBe(200);
    expect(await (await call("GET", "/api/v1/team-bonus/settings")).json()).toEqual(SETTINGS);
    const bad = await call("PUT", "/api/v1/team-bonus/settings", { ...SETTINGS, teamLeadLadder: [SETTINGS.teamLeadLadder[1], SETTINGS.teamLeadLadder[0]] });
    expect(bad.status).toBe(400);

    const lead = (await (await call("POST", "/api/v1/distributors", { name: "团长", phone: nextPhone(), role: "team_lead" })).json()) as { code: string };
    const member = (await (await call("POST", "/api/v1/distributors", { name: "成员", phone: nextPhone(), uplineCode: lead.code })).json()) as { code: string };
    const res = await call("POST", "/api/v1/orders", {
      channel: "jd",
      externalId: `JD-${member.code}`,
      status: "completed",
      buyer: { identities: [{ kind: "phone", value: nextPhone() }] },
      referralCode: member.code,
      items: [{ sku: "S", quantity: 1, amountFen: 30_000_000 }],
      paidAt: "2026-10-02T04:00:00+08:00",
      completedAt: "2026-10-03T04:00:00+08:00",
    });
    expect(res.status).toBe(201);

    expect((await call("POST", "/api/v1/month-closes", { month: "2099-01" })).status).toBe(412);
    const closed = await call("POST", "/api/v1/month-closes", { month: "2026-10" });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ month: "2026-10", alreadyClosed: false, steps: { teamBonus: { statements: 1, bonusFen: 600_000 } } });
    expect(await (await call("POST", "/api/v1/month-closes", { month: "2026-10" })).json()).toMatchObject({ alreadyClosed: true });

    const list = (await (await call("GET", "/api/v1/team-bonus/statements?period=2026-10")).json()) as { total: number; items: unknown[] };
    expect(list).toEqual({
      total: 1,
      items: [
        {
          distributorCode: lead.code,
          period: "2026-10",
          basis: "team",
          region: null,
          gmvFen: 30_000_000,
          orderCount: 1,
          ladder: SETTINGS.teamLeadLadder,
          rateBp: 200,
          bonusFen: 600_000,
          adjustmentFen: 0,
          totalFen: 600_000,
          adjustments: [],
        },
      ],
    });
    const balances = (await (await call("GET", `/api/v1/distributors/${lead.code}`)).json()) as { balances: { availableFen: number } };
    expect(balances.balances.availableFen).toBe(600_000);
    expect(await (await call("GET", "/api/v1/team-bonus/statements", undefined, other.key)).json()).toEqual({ total: 0, items: [] });
  });
});
