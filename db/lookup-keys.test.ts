/**
 * Ingest's point lookups (an order by channel and external id, a buyer by identity, a blacklist
 * entry by hash) run as the app role under row-level security, where an enum equality is not
 * leakproof and so cannot be an index condition. A key led by the enum then served the lookup
 * by tenant alone and read the brand's whole range of the index. These read the pages a lookup
 * touches, which stay a handful however big the brand is only if the hash or external id comes
 * before the enum.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client";
import { rowsOf, withTenant } from "./tenant";
import { createTestDatabase } from "./testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";

const ROWS = 8_000;
/** Index root and leaf, the heap page, one of slack. Led by the enum, 4,000 rows already read 7 to 9. */
const MAX_PAGES = 4;

interface PlanNode {
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function pages(node: PlanNode): number {
  return (node["Shared Hit Blocks"] ?? 0) + (node["Shared Read Blocks"] ?? 0);
}

function indexes(node: PlanNode): string[] {
  return [node["Index Name"] ?? [], ...(node.Plans ?? []).map(indexes)].flat();
}

describe("lookup keys under row-level security", () => {
  let t: Database;
  let tenantId: string;
  /** A listed buyer phone: the same hash is in member_identities and the blacklist. */
  let phoneHash: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await createBrandFixture(t)).tenantId;
    // Written as the owner (no policies apply), then analysed so the planner knows the sizes.
    await t.db.execute(sql`insert into members (tenant_id, id)
      select ${tenantId}::uuid, gen_random_uuid() from generate_series(1, ${ROWS})`);
    await t.db.execute(sql`insert into member_identities (tenant_id, id, member_id, kind, value_hash, masked)
      select tenant_id, gen_random_uuid(), id, 'phone', md5(id::text), '138****0000' from members
       where tenant_id = ${tenantId}::uuid`);
    await t.db.execute(sql`insert into orders (tenant_id, id, channel, external_id, status, buyer_member_id,
        attribution_source, amount_fen, paid_at, source)
      select tenant_id, gen_random_uuid(), 'tmall', 'E' || row_number() over (), 'paid', id, 'none', 100, now(), 'api'
        from members where tenant_id = ${tenantId}::uuid`);
    await t.db.execute(sql`insert into risk_blacklist_entries (tenant_id, id, kind, value_hash, masked, reason, reason_category, source, created_by)
      select tenant_id, gen_random_uuid(), 'phone', value_hash, masked, 'test', 'other', 'manual', 'test'
        from member_identities where tenant_id = ${tenantId}::uuid`);
    await t.db.execute(sql`analyze members, member_identities, orders, risk_blacklist_entries`);
    const [row] = rowsOf<{ h: string }>(
      await t.db.execute(sql`select value_hash as h from member_identities where tenant_id = ${tenantId}::uuid limit 1`),
    );
    phoneHash = row!.h;
  }, 120_000);
  afterAll(async () => t.close());

  async function explain(query: ReturnType<typeof sql>) {
    return withTenant(t.db, tenantId, async (tx) => {
      const [row] = rowsOf<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        await tx.execute(sql`explain (analyze, buffers, format json) ${query}`),
      );
      return row!["QUERY PLAN"][0].Plan;
    });
  }

  it("finds an order by channel and external id in a few pages", async () => {
    const plan = await explain(sql`select id from orders where channel = 'tmall' and external_id = 'E2000'`);
    expect(indexes(plan)).toContain("orders_external_key");
    expect(pages(plan)).toBeLessThanOrEqual(MAX_PAGES);
  });

  it("finds a buyer by identity kind and hash in a few pages", async () => {
    const plan = await explain(
      sql`select member_id from member_identities where kind = 'phone' and value_hash = ${phoneHash}`,
    );
    expect(indexes(plan)).toContain("member_identities_value_key");
    expect(pages(plan)).toBeLessThanOrEqual(MAX_PAGES);
  });

  it("finds a live blacklist entry by kind and hash in a few pages", async () => {
    const plan = await explain(
      sql`select id from risk_blacklist_entries where kind = 'phone' and value_hash = ${phoneHash} and removed_at is null`,
    );
    expect(indexes(plan)).toContain("risk_blacklist_live_key");
    expect(pages(plan)).toBeLessThanOrEqual(MAX_PAGES);
  });
});
