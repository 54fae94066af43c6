/**
 * The risk settings procedures through tRPC: who may do what (a risk reviewer tunes rules and
 * keeps the blacklist; only the brand's owner / admin decides to share data with other brands;
 * an operator does neither), and that they act on the active brand. Cross-brand cases are in
 * server/api/isolation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { nextPhone } from "@/server/network/test-helpers";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { staffInRole } from "@/server/testing/staff-roles";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("risk router", () => {
  it("a risk reviewer tunes rules and keeps the blacklist, but cannot opt the brand into sharing; an operator can do neither", async () => {
    const brand = await createBrandFixture(t, "Risk Router");
    const owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
    const reviewer = (await staffInRole(t, brand, "risk")).caller;
    const operator = (await staffInRole(t, brand, "operator")).caller;

    const updated = await reviewer.risk.updateRule({ rule: "brushing_burst", thresholds: { newBuyers: 20 }, windowMinutes: 60 });
    expect(updated).toMatchObject({ code: "brushing_burst", thresholds: { newBuyers: 20 }, windowMinutes: 60 });
    expect((await owner.risk.rules()).find((r) => r.code === "brushing_burst")).toMatchObject({ thresholds: { newBuyers: 20 } });
    expect(await reviewer.risk.resetRule({ rule: "brushing_burst" })).toMatchObject({ thresholds: { newBuyers: 10 }, windowMinutes: 30 });

    const phone = nextPhone();
    const entry = await reviewer.risk.addBlacklist({ kind: "phone", value: phone, reason: "chargebacks" });
    expect((await reviewer.risk.blacklist({})).items.map((i) => i.id)).toEqual([entry.id]);
    expect(await reviewer.risk.importBlacklist({ rows: [{ kind: "device", value: "DEV-1", reason: "farm" }, { kind: "x", value: "1", reason: "y" }] })).toEqual({
      added: 1,
      duplicates: 0,
      errors: [{ row: 2, field: "kind", key: "invalid_value" }],
    });
    await reviewer.risk.removeBlacklist({ id: entry.id, reason: "cleared" });

    expect(await outcomeOf(reviewer.risk.updateSharing({ shareConsume: true }))).toBe("FORBIDDEN");
    expect(await owner.risk.updateSharing({ shareConsume: true })).toEqual({ shareContribute: false, shareConsume: true });
    expect(await reviewer.risk.sharing()).toEqual({ shareContribute: false, shareConsume: true });

    expect(await outcomeOf(operator.risk.rules())).toBe("FORBIDDEN");
    expect(await outcomeOf(operator.risk.updateRule({ rule: "ring", enabled: false }))).toBe("FORBIDDEN");
    expect(await outcomeOf(operator.risk.addBlacklist({ kind: "phone", value: nextPhone(), reason: "x" }))).toBe("FORBIDDEN");
  });
});
