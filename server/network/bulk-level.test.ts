/** Bulk level change through the tRPC procedure: audited, all-or-nothing, permission, cross-brand. */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import { chain } from "./test-helpers";

let t: Database;
let brand: Awaited<ReturnType<typeof createBrandFixture>>;
let owner: Awaited<ReturnType<typeof staffCaller>>["caller"];
let ids: string[];
let levelS: string;
let otherDistributor: string;

beforeAll(async () => {
  t = await createTestDatabase();
  brand = await createBrandFixture(t, "Bulk level");
  owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
  ids = (await chain(t.db, brand.tenantId, ["甲", "乙", "丙"])).map((d) => d.id);
  levelS = (await owner.distributors.createLevel({ name: "S", rank: 2, minGmvFen: null, minOrders: null, minDirectCustomers: null })).id;
  const other = await createBrandFixture(t, "Other bulk");
  otherDistributor = (await chain(t.db, other.tenantId, ["外"]))[0]!.id;
});
afterAll(async () => t.close());

const levels = () =>
  withTenant(t.db, brand.tenantId, async (tx) =>
    rowsOf<{ name: string; level_id: string | null }>(await tx.execute(sql`select name, level_id from distributors order by name`)),
  );

describe("bulk level change", () => {
  it("sets the level on every selected distributor, audits each change and says what happened", async () => {
    await owner.distributors.updateProfile({ id: ids[0]!, role: "distributor", levelId: levelS });
    const result = await owner.distributors.bulkSetLevel({ ids: [...ids, otherDistributor], levelId: levelS });
    expect(result).toMatchObject({ changed: 2, unchanged: 1, notFound: [otherDistributor] });
    expect((await levels()).every((d) => d.level_id === levelS)).toBe(true);
    const audits = await withTenant(t.db, brand.tenantId, async (tx) =>
      rowsOf<{ target_id: string }>(await tx.execute(sql`select target_id from audit_logs where action = 'distributor.level_changed' and (data->>'bulk')::boolean`)),
    );
    expect(audits.map((a) => a.target_id).sort()).toEqual([ids[1], ids[2]].sort());
  });

  it("refuses a level that is not the brand's and changes nothing", async () => {
    const other = await createBrandFixture(t, "Other levels");
    const otherCaller = (await staffCaller(t, other.ownerUserId, other.tenantId)).caller;
    const foreign = await otherCaller.distributors.createLevel({ name: "X", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null });
    const before = await levels();
    const err = await owner.distributors.bulkSetLevel({ ids, levelId: foreign.id }).catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("NOT_FOUND");
    expect(await levels()).toEqual(before);
  });

  it("is refused without distributors.manage", async () => {
    const risk = await staffInRole(t, brand, "risk");
    const caller = (await staffCaller(t, risk.userId, brand.tenantId)).caller;
    const err = await caller.distributors.bulkSetLevel({ ids, levelId: null }).catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("FORBIDDEN");
    expect((await levels()).every((d) => d.level_id === levelS)).toBe(true);
  });

  it("clears the level for all of them with null", async () => {
    const result = await owner.distributors.bulkSetLevel({ ids, levelId: null });
    expect(result.changed).toBe(3);
    expect((await levels()).every((d) => d.level_id === null)).toBe(true);
  });
});
