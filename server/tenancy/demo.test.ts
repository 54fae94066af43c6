/**
 * The demo brand: one call makes it whole (network, catalogue, orders), a second changes
 * nothing, and the portal's demo phone signs in as its top seller, who has money to show.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { resolvePhoneMember } from "@/server/portal/member";
import { findTenantBySlug } from "./brands";
import { DEMO, demoBanner, seedDemoBrand } from "./demo";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("the demo brand", () => {
  it("signs its demo phone in as the top seller, who has commissions and settled money", async () => {
    expect(await seedDemoBrand(t.db, { orders: 300 })).toBe(true);
    const brand = await findTenantBySlug(t.db, DEMO.slug);
    const seen = await withTenant(t.db, brand!.id, async (tx) => {
      const [top] = rowsOf<{ member_id: string; id: string }>(
        await tx.execute(sql`select member_id, id from distributors where status = 'active' order by code limit 1`),
      );
      const members = Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from members`))[0]!.n);
      const signedIn = await resolvePhoneMember(tx, DEMO.distributorPhone);
      const after = Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from members`))[0]!.n);
      const [money] = rowsOf<{ commissions: number; settled: number }>(
        await tx.execute(sql`select count(*)::int as commissions, count(*) filter (where status = 'settled')::int as settled
          from commissions where distributor_id = ${top!.id}::uuid`),
      );
      return { top: top!.member_id, signedIn, newMembers: after - members, money: money! };
    });
    // The same member, not someone new made for an unknown number.
    expect(seen.signedIn).toBe(seen.top);
    expect(seen.newMembers).toBe(0);
    expect(seen.money.commissions).toBeGreaterThan(0);
    expect(seen.money.settled).toBeGreaterThan(0);
    expect(demoBanner("http://localhost:3000")).toContain(DEMO.distributorPhone);
    expect(await seedDemoBrand(t.db, { orders: 300 })).toBe(false);
  });
});
