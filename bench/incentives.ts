/**
 * npm run bench:incentives   (sizes from the environment: BENCH_DISTRIBUTORS, default 120000;
 *                             BENCH_ORDERS, default 2000000; BENCH_KEEP=1 keeps the database;
 *                             BENCH_OUT, default BENCHMARKS.md)
 *
 * Issue 12 performance: "month close for 120,000 distributors and 2,000,000 orders (team bonus +
 * KPI + levels) in < 60 s on real Postgres". On a real server (DATABASE_URL, else the local
 * one): a fresh database, migrated; one brand with three commission levels, a five-way referral
 * tree, 1% team leads, 0.2% city partners over 30 regions, 2% employees, three levels held at
 * random with demotion on, and a two-step ladder for both roles. Orders are written set-based
 * as the owner (loading is not what is measured): `BENCH_ORDERS` completed orders settling in
 * the month being closed, plus a tenth as many in the month before, which is closed first;
 * then 1% of the earlier month's orders are refunded, so the timed close also claws back. The
 * timed part is closeMonth in withTenant (RLS on), every step the close runs.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { updateIncentiveSettings } from "@/server/incentives/levels/settings";
import { closeMonth } from "@/server/incentives/month-close";
import { addMonths, lastEndedMonth, monthBounds } from "@/server/incentives/team-bonus/period";
import { createBrand } from "@/server/tenancy/brands";
import { benchDatabase, machine, writeSection } from "./stats";

const int = (name: string, fallback: number) => {
  const v = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const N_DIST = int("BENCH_DISTRIBUTORS", 120_000);
const N_ORDERS = int("BENCH_ORDERS", 2_000_000);
const OUT = process.env.BENCH_OUT ?? "BENCHMARKS.md";
const KEEP = process.env.BENCH_KEEP === "1";
const LIMIT_S = 60;

const { serverUrl, dbName, dbUrl } = benchDatabase();

async function main() {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const database = await openDatabase({ url: dbUrl, max: 2 });
  const owner = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ version } = { version: "?" }] = await owner<{ version: string }[]>`select version()`;
    await migrateDatabase(database);
    const slug = `bench-${randomBytes(3).toString("hex")}`;
    const brand = await createBrand(database.db, { brandName: "Incentives Bench", slug, ownerName: "Bench Owner", email: `owner@${slug}.test`, password: "bench-password-1234", acceptTerms: true });
    const tenantId = brand.tenantId;
    const month = lastEndedMonth(new Date());
    const before = addMonths(month, -1);
    const cur = monthBounds(month);
    const prev = monthBounds(before);
    const actor = { type: "system" as const, id: null };

    await withTenant(database.db, tenantId, (tx) =>
      updateIncentiveSettings(tx, actor, {
        teamLeadLadder: [{ minFen: 10_000_000, rateBp: 100 }, { minFen: 30_000_000, rateBp: 200 }],
        cityPartnerLadder: [{ minFen: 10_000_000, rateBp: 50 }, { minFen: 50_000_000, rateBp: 100 }],
        levelLookbackDays: 365,
        levelDemotion: true,
        excludeEmployeesFromTeamBonus: true,
      }),
    );
    const t0 = performance.now();
    await owner.begin(async (sql) => {
      await sql`update brand_settings set commission_levels = 3 where tenant_id = ${tenantId}`;
      await sql`insert into distributor_levels (tenant_id, id, name, rank, min_gmv_fen, min_orders)
        values (${tenantId}, gen_random_uuid(), 'B', 1, null, null), (${tenantId}, gen_random_uuid(), 'A', 2, 500000, 5),
               (${tenantId}, gen_random_uuid(), 'S', 3, 5000000, 50)`;
      // A five-way tree: node i's upline is node (i - 2) / 5 + 1.
      await sql`create temp table gen on commit drop as
        select i, gen_random_uuid() as id, gen_random_uuid() as member_id, case when i > 1 then (i - 2) / 5 + 1 end as parent
        from generate_series(1, ${N_DIST}::int) i`;
      await sql`create index on gen (i)`;
      await sql`create index on gen (parent)`;
      await sql`create temp table tree on commit drop as
        with recursive t(i, id, parent, path, depth) as (
          select i, id, parent, '/' || id || '/', 0 from gen where parent is null
          union all
          select g.i, g.id, g.parent, t.path || g.id || '/', t.depth + 1 from gen g join t on g.parent = t.i
        ) select * from t`;
      // Temporary tables get no statistics from autovacuum: without these the joins below were
      // planned as nested loops over 120,000 × 120,000 rows.
      await sql`create index on tree (i)`;
      await sql`analyze gen`;
      await sql`analyze tree`;
      await sql`insert into members (tenant_id, id, display_name, created_at) select ${tenantId}, member_id, '分销商' || i, now() from gen`;
      await sql`insert into distributors (tenant_id, id, member_id, code, name, status, role, region, level_id, upline_id, upline2_id, path, depth,
          applied_at, approved_at, created_at)
        select ${tenantId}, g.id, g.member_id, 'I' || lpad(g.i::text, 8, '0'), '分销商' || g.i, 'active',
          (case when g.i % 100 = 7 then 'team_lead' when g.i % 500 = 11 then 'city_partner' when g.i % 50 = 3 then 'employee' else 'distributor' end)::distributor_role,
          case when g.i % 500 = 11 then '省' || (g.i % 30) || ' 市' || (g.i % 30) end,
          (select id from distributor_levels l where l.tenant_id = ${tenantId} order by md5(g.i::text || l.name) limit 1),
          p.id, pp.id, t.path, t.depth, now(), now(), now()
        from gen g join tree t on t.i = g.i left join gen p on p.i = g.parent left join gen pp on pp.i = p.parent
        order by t.depth, g.i`;
      // Buyers.
      await sql`create temp table buyers on commit drop as select i, gen_random_uuid() as id from generate_series(1, 50000) i`;
      await sql`create index on buyers (i)`;
      await sql`analyze buyers`;
      await sql`insert into members (tenant_id, id, display_name, created_at) select ${tenantId}, id, '买家' || i, now() from buyers`;
      // Orders: this month's N, and a tenth as many the month before.
      const orders = (n: number, from: Date, to: Date, prefix: string) => sql`
        with o as (
          insert into orders (tenant_id, id, channel, external_id, status, buyer_member_id, distributor_id, attribution_source, amount_fen,
            paid_at, completed_at, settle_after, risk_verdict, shipping_region, source, created_at, updated_at)
          select ${tenantId}, gen_random_uuid(), 'tmall', ${prefix} || s.n, 'completed',
            (select b.id from buyers b where b.i = 1 + (s.n * 7919) % 50000),
            (select g.id from gen g where g.i = 1 + (s.n * 104729) % ${N_DIST}::int),
            'referral_code', 1000 + (s.n * 37) % 200000,
            x.at - interval '7 days', x.at, x.at, 'allow', '省' || (s.n % 30) || ' 市' || (s.n % 30) || ' 区' || (s.n % 7), 'api', now(), now()
          from generate_series(1, ${n}::bigint) as s(n) -- bigint: s.n × 104729 passes 2^31 at 2M orders
          cross join lateral (select ${from.toISOString()}::timestamptz + ((s.n * 7907) % 1000000) * ((${to.toISOString()}::timestamptz - ${from.toISOString()}::timestamptz) / 1000000.0) as at) x
          returning id, amount_fen
        )
        insert into order_lines (tenant_id, id, order_id, line_no, sku, quantity, amount_fen)
        select ${tenantId}, gen_random_uuid(), o.id, 1, 'SKU-1', 1, o.amount_fen from o`;
      await orders(N_ORDERS, cur.start, cur.end, "M");
      await orders(Math.ceil(N_ORDERS / 10), prev.start, prev.end, "P");
    });
    await owner.unsafe("vacuum (analyze) orders, order_lines, distributors, members");
    const loadSeconds = (performance.now() - t0) / 1000;

    // The month before closes first (untimed); then 1% of its orders are refunded after that close.
    await withTenant(database.db, tenantId, (tx) => closeMonth(tx, tenantId, before, { actor }));
    await owner.begin(async (sql) => {
      await sql`create temp table r on commit drop as
        select o.id, l.id as line_id, l.amount_fen / 2 as refund from orders o join order_lines l on l.order_id = o.id
        where o.tenant_id = ${tenantId} and o.external_id like 'P%' and hashtext(o.external_id) % 100 = 0`;
      await sql`update order_lines l set refunded_fen = r.refund from r where l.id = r.line_id`;
      await sql`update orders o set refunded_fen = o.refunded_fen + r.refund from r where o.tenant_id = ${tenantId} and o.id = r.id`;
      await sql`insert into order_events (tenant_id, id, order_id, type, key, at, data, source, created_at)
        select ${tenantId}, gen_random_uuid(), r.id, 'refund', 'refund:b-' || r.id, now(),
          jsonb_build_object('refundId', 'b-' || r.id, 'items', jsonb_build_array(jsonb_build_object('sku', 'SKU-1', 'amountFen', r.refund, 'quantity', null))), 'api', now()
        from r`;
    });
    await owner.unsafe("analyze order_events, order_lines");

    const t1 = performance.now();
    const result = await withTenant(database.db, tenantId, (tx) => closeMonth(tx, tenantId, month, { actor }));
    const closeSeconds = (performance.now() - t1) / 1000;

    const m = machine();
    const md = `
## Incentives month close (\`npm run bench:incentives\`)

Written by bench/incentives.ts; rerun it rather than editing by hand.

| | |
| --- | --- |
| date | ${m.date} |
| cores (nproc) / CPU | ${m.nproc} / ${m.cpu} |
| Node / Postgres | ${m.node} / ${version.split(" on ")[0]} |
| load average at the end | ${m.loadavg} |
| data | ${N_DIST.toLocaleString("en")} distributors, ${N_ORDERS.toLocaleString("en")} orders in the month (+${Math.ceil(N_ORDERS / 10).toLocaleString("en")} the month before, 1% refunded after its close); loaded in ${loadSeconds.toFixed(1)} s |

| | result | target |
| --- | --- | --- |
| closeMonth ${month} (team bonus with clawbacks, level demotion) | ${closeSeconds.toFixed(2)} s | < ${LIMIT_S} s |

Steps: \`${JSON.stringify(result.steps)}\`
`;
    writeSection(OUT, "incentives", md);
    console.log(md);
    if (closeSeconds >= LIMIT_S) process.exitCode = 1;
  } finally {
    await owner.end();
    await database.close();
    if (KEEP) console.log(`kept database ${dbName}`);
    else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

void main();
