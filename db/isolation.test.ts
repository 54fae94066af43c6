/**
 * Tenant isolation, checked against the live catalog and by acting as two brands. Runs on
 * PGlite by default and on real Postgres in CI (TEST_DATABASE_URL).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client";
import { PLATFORM_TABLES } from "./platform-tables";
import { apiKeys, auditLogs, memberIdentities, members } from "./schema";
import { createTestDatabase, createTestTenant } from "./testing/test-db";
import { APP_ROLE, rowsOf, withPlatform, withTenant } from "./tenant";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

type TableRow = { table_name: string; has_tenant: boolean; rls: boolean; forced: boolean; policies: number };

async function catalog() {
  return rowsOf<TableRow>(
    await t.db.execute(sql`
      select c.relname as table_name,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid
                     and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant,
             c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p where p.schemaname = 'public'
                and p.tablename = c.relname and p.policyname = 'tenant_isolation') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`),
  );
}

describe("catalog", () => {
  it("forces RLS with the tenant policy on every table that has tenant_id", async () => {
    const rows = await catalog();
    const tenantTables = rows.filter((r) => r.has_tenant);
    expect(tenantTables.length).toBeGreaterThan(5);
    const unprotected = tenantTables.filter((r) => !r.rls || !r.forced || r.policies !== 1);
    expect(unprotected.map((r) => r.table_name)).toEqual([]);
  });

  it("has no table without tenant_id unless it is on the platform allow-list", async () => {
    const rows = await catalog();
    const stray = rows
      .filter((r) => !r.has_tenant)
      .map((r) => r.table_name)
      .filter((n) => !(PLATFORM_TABLES as readonly string[]).includes(n));
    expect(stray).toEqual([]);
  });

  it("puts tenant_id first in the primary key of every tenant table", async () => {
    const rows = rowsOf<{ table_name: string; first_col: string }>(
      await t.db.execute(sql`
        select c.relname as table_name, a.attname as first_col
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
        where k.contype = 'p' and n.nspname = 'public'
          and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id')`),
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.first_col !== "tenant_id").map((r) => r.table_name)).toEqual([]);
  });

  it("leads every unique index and every reference between tenant tables with tenant_id", async () => {
    const tenantTable = (rel: string) => sql.raw(`exists (select 1 from pg_attribute x
      where x.attrelid = ${rel} and x.attname = 'tenant_id' and not x.attisdropped)`);
    const uniques = rowsOf<{ name: string; first_col: string | null }>(
      await t.db.execute(sql`
        select ic.relname as name, a.attname as first_col
        from pg_index i
        join pg_class ic on ic.oid = i.indexrelid
        join pg_namespace n on n.oid = ic.relnamespace
        left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indisunique and n.nspname = 'public' and ${tenantTable("i.indrelid")}`),
    );
    expect(uniques.length).toBeGreaterThan(5);
    expect(uniques.filter((u) => u.first_col !== "tenant_id").map((u) => u.name)).toEqual([]);

    const references = rowsOf<{ name: string; col: string; ref_col: string }>(
      await t.db.execute(sql`
        select k.conname as name, a.attname as col, r.attname as ref_col
        from pg_constraint k
        join pg_namespace n on n.oid = k.connamespace
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
        join pg_attribute r on r.attrelid = k.confrelid and r.attnum = k.confkey[1]
        where k.contype = 'f' and n.nspname = 'public'
          and ${tenantTable("k.conrelid")} and ${tenantTable("k.confrelid")}`),
    );
    expect(references.length).toBeGreaterThan(5);
    const stray = references.filter((r) => r.col !== "tenant_id" || r.ref_col !== "tenant_id");
    expect(stray.map((r) => r.name)).toEqual([]);
  });

  it("makes every tenant table reach tenants through cascading keys, so a brand can be deleted whole", async () => {
    // Directly, or through a cascading composite key to a table that does (order lines through
    // their order, postings through their journal: see db/schema/orders.ts for why).
    const orphans = rowsOf<{ relname: string }>(
      await t.db.execute(sql`
        with recursive reach(oid) as (
          select 'tenants'::regclass::oid
          union
          select k.conrelid from pg_constraint k join reach r on k.confrelid = r.oid
          where k.contype = 'f' and k.confdeltype = 'c'
        )
        select c.relname from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = 'public' and c.relkind = 'r' and c.oid not in (select oid from reach)
        order by 1`),
    );
    expect(orphans.map((o) => o.relname)).toEqual([]);
  });

  it("runs as a role that is not superuser, not BYPASSRLS and owns no table", async () => {
    const [role] = rowsOf<{ rolsuper: boolean; rolbypassrls: boolean }>(
      await t.db.execute(sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}`),
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = rowsOf<{ relname: string }>(
      await t.db.execute(sql`
        select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
        where r.rolname = ${APP_ROLE}`),
    );
    expect(owned).toEqual([]);
    const who = rowsOf<{ u: string }>(
      await withPlatform(t.db, (tx) => tx.execute(sql`select current_user as u`)),
    );
    expect(who[0]?.u).toBe(APP_ROLE);
  });
});

describe("logins", () => {
  it("password hashes are not readable by the runtime role; only fx_staff_credentials, outside a tenant, returns one", async () => {
    const tenant = await createTestTenant(t.db);
    await t.db.execute(
      sql`insert into users (id, email, name, password_hash) values (gen_random_uuid(), ${`pw@${tenant.slug}.test`}, 'P', 'hash-x')`,
    );
    await expect(
      withPlatform(t.db, (tx) => tx.execute(sql`select password_hash from users`)),
    ).rejects.toThrow();
    await expect(
      withTenant(t.db, tenant.id, (tx) => tx.execute(sql`select password_hash from users`)),
    ).rejects.toThrow();
    await expect(
      withPlatform(t.db, (tx) => tx.execute(sql`update users set name = 'x' where email = ${`pw@${tenant.slug}.test`}`)),
    ).rejects.toThrow();
    // The other columns stay readable (staff lists, sessions).
    const names = await withPlatform(t.db, (tx) =>
      tx.execute(sql`select name from users where email = ${`pw@${tenant.slug}.test`}`),
    );
    expect(rowsOf<{ name: string }>(names)).toEqual([{ name: "P" }]);
    const viaFn = await withPlatform(t.db, (tx) =>
      tx.execute(sql`select password_hash from fx_staff_credentials(${`PW@${tenant.slug}.test`})`),
    );
    expect(rowsOf<{ password_hash: string }>(viaFn)).toEqual([{ password_hash: "hash-x" }]);
    await expect(
      withTenant(t.db, tenant.id, (tx) =>
        tx.execute(sql`select * from fx_staff_credentials(${`pw@${tenant.slug}.test`})`),
      ),
    ).rejects.toThrow();
  });
});

describe("platform tables", () => {
  it("tenants and short_codes are read-only for the runtime role; the functions write only the transaction's own tenant", async () => {
    const a = await createTestTenant(t.db);
    const b = await createTestTenant(t.db);
    // A real link of brand B, written as the owner (short_codes references short_links).
    const [bLink] = rowsOf<{ id: string }>(
      await t.db.execute(sql`
        with m as (insert into members (tenant_id, id) values (${b.id}, gen_random_uuid()) returning id),
        d as (
          insert into distributors (tenant_id, id, member_id, code, name, path, status)
          select ${b.id}, x.id, m.id, ${`D${b.slug.slice(-5).toUpperCase()}`}, 'B link owner', '/' || x.id || '/', 'active'
          from m, (select gen_random_uuid() as id) x returning id
        )
        insert into short_links (tenant_id, id, code, distributor_id)
        select ${b.id}, gen_random_uuid(), ${`B${b.slug.slice(-6).toUpperCase()}`}, d.id from d returning id`),
    );
    const attempts = [
      sql`insert into tenants (id, slug, name) values (gen_random_uuid(), 'rogue-brand', 'Rogue')`,
      sql`update tenants set name = 'hacked' where id = ${b.id}`,
      sql`delete from tenants where id = ${b.id}`,
      sql`insert into short_codes (code, tenant_ref, link_id) values ('ROGUE22', ${b.id}, gen_random_uuid())`,
      sql`update short_codes set tenant_ref = ${a.id} where tenant_ref = ${b.id}`,
      sql`delete from short_codes where tenant_ref = ${b.id}`,
    ];
    for (const attempt of attempts) {
      await expect(withTenant(t.db, a.id, (tx) => tx.execute(attempt))).rejects.toThrow();
      await expect(withPlatform(t.db, (tx) => tx.execute(attempt))).rejects.toThrow();
    }
    // Brand A renames itself, and only itself; it cannot register B's link, nor create brands.
    await withTenant(t.db, a.id, (tx) => tx.execute(sql`select fx_rename_tenant('A renamed')`));
    const names = rowsOf<{ id: string; name: string }>(
      await t.db.execute(sql`select id, name from tenants where id in (${a.id}, ${b.id})`),
    );
    expect(Object.fromEntries(names.map((n) => [n.id, n.name]))).toEqual({ [a.id]: "A renamed", [b.id]: b.name });
    const stolen = rowsOf<{ ok: boolean }>(
      await withTenant(t.db, a.id, (tx) => tx.execute(sql`select fx_register_short_code(${bLink!.id}) as ok`)),
    );
    expect(stolen[0]?.ok).toBe(false);
    await expect(
      withTenant(t.db, a.id, (tx) => tx.execute(sql`select fx_create_tenant(gen_random_uuid(), 'from-a-brand', 'X')`)),
    ).rejects.toThrow();
    await expect(withPlatform(t.db, (tx) => tx.execute(sql`select fx_rename_tenant('nobody')`))).rejects.toThrow();
  });
});

describe("row access", () => {
  let a: string;
  let b: string;
  let memberA: string;
  let memberB: string;

  beforeAll(async () => {
    a = (await createTestTenant(t.db)).id;
    b = (await createTestTenant(t.db)).id;
    memberA = (await withTenant(t.db, a, (tx) =>
      tx.insert(members).values({ tenantId: a, displayName: "A1" }).returning(),
    ))[0]!.id;
    memberB = (await withTenant(t.db, b, (tx) =>
      tx.insert(members).values({ tenantId: b, displayName: "B1" }).returning(),
    ))[0]!.id;
  });

  it("runs a transaction's very first statements as the app role in its brand, though the role switch is not awaited first", async () => {
    // withTenant sends the role switch and the caller's first statements together; they must
    // still run after it. Several shapes of first statement, sent at once, each checked.
    const who = sql`select current_user as role, current_setting('app.tenant_id', true) as tenant`;
    const [raw, selected, chained] = await withTenant(t.db, a, (tx) =>
      Promise.all([
        tx.execute(who).then((r) => rowsOf<{ role: string; tenant: string }>(r)[0]),
        tx.select().from(members),
        tx.execute(who).then((r) => rowsOf<{ role: string; tenant: string }>(r)[0]),
      ]),
    );
    expect(raw).toEqual({ role: APP_ROLE, tenant: a });
    expect(chained).toEqual({ role: APP_ROLE, tenant: a });
    expect(selected.map((m) => m.id)).toEqual([memberA]);
    const [platform] = await withPlatform(t.db, (tx) => tx.execute(who).then((r) => rowsOf<{ role: string; tenant: string | null }>(r)));
    expect(platform!.role).toBe(APP_ROLE);
  });

  it("reads tenant tables as empty and refuses inserts when no tenant is set", async () => {
    const seen = await withPlatform(t.db, (tx) => tx.select().from(members));
    expect(seen).toEqual([]);
    await expect(
      withPlatform(t.db, (tx) => tx.insert(members).values({ tenantId: a, displayName: "x" })),
    ).rejects.toThrow();
  });

  it("shows each tenant only its own rows", async () => {
    const seenByA = await withTenant(t.db, a, (tx) => tx.select().from(members));
    expect(seenByA.map((m) => m.id)).toEqual([memberA]);
  });

  it("cannot read, update or delete another tenant's row by id", async () => {
    await withTenant(t.db, a, async (tx) => {
      expect(await tx.select().from(members).where(eq(members.id, memberB))).toEqual([]);
      const upd = await tx
        .update(members)
        .set({ displayName: "hacked" })
        .where(eq(members.id, memberB))
        .returning();
      expect(upd).toEqual([]);
      const del = await tx.delete(members).where(eq(members.id, memberB)).returning();
      expect(del).toEqual([]);
    });
    const still = await withTenant(t.db, b, (tx) =>
      tx.select().from(members).where(eq(members.id, memberB)),
    );
    expect(still[0]?.displayName).toBe("B1");
  });

  it("cannot insert a row carrying another tenant's id", async () => {
    await expect(
      withTenant(t.db, a, (tx) => tx.insert(members).values({ tenantId: b, displayName: "x" })),
    ).rejects.toThrow();
  });

  it("cannot move its own row into another tenant", async () => {
    await expect(
      withTenant(t.db, a, (tx) =>
        tx.update(members).set({ tenantId: b }).where(eq(members.id, memberA)),
      ),
    ).rejects.toThrow();
  });

  it("rejects a cross-tenant parent through the composite foreign key", async () => {
    await expect(
      withTenant(t.db, a, (tx) =>
        tx.insert(memberIdentities).values({
          tenantId: a,
          memberId: memberB,
          kind: "phone",
          valueHash: "h",
          masked: "138****0000",
        }),
      ),
    ).rejects.toThrow();
  });

  it("keeps the audit log append-only for the runtime role", async () => {
    await withTenant(t.db, a, (tx) =>
      tx.insert(auditLogs).values({ tenantId: a, actorType: "system", action: "test" }),
    );
    await expect(
      withTenant(t.db, a, (tx) =>
        tx.update(auditLogs).set({ action: "x" }).where(eq(auditLogs.tenantId, a)),
      ),
    ).rejects.toThrow();
    await expect(
      withTenant(t.db, a, (tx) => tx.delete(auditLogs).where(eq(auditLogs.tenantId, a))),
    ).rejects.toThrow();
  });

  it("crosses tenants only through the named platform functions", async () => {
    await withTenant(t.db, b, (tx) =>
      tx.insert(apiKeys).values({ tenantId: b, name: "k", prefix: "abcdefghjkmn", keyHash: "h" }),
    );
    const direct = await withPlatform(t.db, (tx) =>
      tx.select().from(apiKeys).where(eq(apiKeys.prefix, "abcdefghjkmn")),
    );
    expect(direct).toEqual([]);
    const viaFn = rowsOf<{ tenant_id: string }>(
      await withPlatform(t.db, (tx) => tx.execute(sql`select * from fx_api_keys_by_prefix('abcdefghjkmn')`)),
    );
    expect(viaFn.map((r) => r.tenant_id)).toEqual([b]);
  });
});
