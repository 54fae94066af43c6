/**
 * npm run bench:leaderboards [-- --distributors 120000 --orders 2000000 --reads 200 --keep --out FILE]
 *
 * Issue 12 performance, the leaderboards' part: "leaderboards p95 < 100 ms" for 120,000
 * distributors and 2,000,000 orders. On a real Postgres server (DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres): a fresh database, migrated; one brand with
 * `--distributors` active distributors (1% team leads, the rest one level under them) and
 * `--orders` attributed orders over the last 40 days (each with its "created" order event, as
 * ingest writes it; loading is set-based and not what is measured). Then:
 *   1. the first fold (the rollup built from nothing),
 *   2. a further 1% of orders arriving, and the incremental fold that picks them up,
 *   3. `--reads` leaderboard reads as the console and portal make them (fold before read, then
 *      the top 50) over week / month × GMV / orders / new customers × brand / region / team.
 * Writes its section of BENCHMARKS.md; the database is dropped unless --keep. The month close
 * (team bonus + KPI + levels in < 60 s) is the incentives-levels slice's section to add.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { foldLeaderboards } from "@/server/incentives/leaderboards/fold";
import { readLeaderboard, type LeaderboardQuery } from "@/server/incentives/leaderboards/read";
import { createBrand } from "@/server/tenancy/brands";
import { benchDatabase, machine, ms, summarize, timeCalls, writeSection } from "./stats";

const { values: args } = parseArgs({
  options: {
    distributors: { type: "string", default: "120000" },
    orders: { type: "string", default: "2000000" },
    reads: { type: "string", default: "200" },
    keep: { type: "boolean", default: false },
    out: { type: "string", default: "BENCHMARKS.md" },
  },
});

const { serverUrl, dbName, dbUrl } = benchDatabase();
const P95_LIMIT_MS = 100;

/**
 * Orders `from`..`to` (1-based) paid over the last 40 days, with their "created" events: uuidv7
 * ids stamped at the paid time (history, as if ingested as it happened) or now (`live`).
 */
async function loadOrders(owner: postgres.Sql, tenantId: string, distributors: number, from: number, to: number, live = false) {
  await owner.begin(async (sql) => {
    await sql`create temp table o on commit drop as
      select i, gen_random_uuid() as id, gen_random_uuid() as buyer,
        (select id from bench_d where n = 1 + (i * 7919) % ${distributors}) as distributor_id,
        now() - (((i * 104729) % (40 * 86400)) || ' seconds')::interval as paid_at,
        (array['广东省 深圳市', '浙江省 杭州市', '北京市 朝阳区', null])[1 + (i % 4)::int] as region,
        1000 + (i * 31) % 50000 as amount
      from generate_series(${from}::bigint, ${to}::bigint) i`; // bigint: i × 104729 passes 2^31 at 2M orders
    await sql`insert into members (tenant_id, id, created_at) select ${tenantId}, buyer, now() from o`;
    await sql`insert into orders (tenant_id, id, channel, external_id, status, buyer_member_id, distributor_id, attribution_source,
        amount_fen, paid_at, shipping_region, source, created_at, updated_at)
      select ${tenantId}, id, 'tmall', 'B' || i, 'paid', buyer, distributor_id, 'referral_code', amount, paid_at, region, 'api', now(), now() from o`;
    await sql`insert into order_lines (tenant_id, id, order_id, line_no, sku, quantity, amount_fen)
      select ${tenantId}, gen_random_uuid(), id, 1, 'SKU', 1, amount from o`;
    await sql`insert into order_events (tenant_id, id, order_id, type, key, at, source)
      select ${tenantId},
        (substr(ts, 1, 8) || '-' || substr(ts, 9, 4) || '-7' || substr(h, 1, 3) || '-8' || substr(h, 4, 3) || '-' || substr(h, 7, 12))::uuid,
        id, 'created', 'created', paid_at, 'api'
      from (select o.*, lpad(to_hex((extract(epoch from ${live ? sql`clock_timestamp()` : sql`o.paid_at`}) * 1000)::bigint), 12, '0') as ts, md5(random()::text || i) as h from o) x`;
  });
}

async function main() {
  const distributors = Number.parseInt(args.distributors, 10);
  const orders = Number.parseInt(args.orders, 10);
  const reads = Number.parseInt(args.reads, 10);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  const database = await openDatabase({ url: dbUrl, max: 4 });
  const owner = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ version } = { version: "?" }] = await owner<{ version: string }[]>`select version()`;
    await migrateDatabase(database);
    const slug = `bench-${randomBytes(3).toString("hex")}`;
    const brand = await createBrand(database.db, { brandName: "Leaderboard Bench", slug, ownerName: "Bench Owner", email: `owner@${slug}.test`, password: "bench-password-1234", acceptTerms: true });
    const tenantId = brand.tenantId;
    const leads = Math.max(1, Math.floor(distributors / 100));
    await owner`create table bench_d (n int primary key, id uuid not null)`;
    await owner.begin(async (sql) => {
      await sql`insert into bench_d select i, gen_random_uuid() from generate_series(1, ${distributors}::int) i`;
      await sql`create temp table g on commit drop as
        select d.n, d.id, gen_random_uuid() as member_id, case when d.n > ${leads} then l.id end as upline
        from bench_d d left join bench_d l on l.n = 1 + d.n % ${leads}`;
      await sql`insert into members (tenant_id, id, display_name, created_at) select ${tenantId}, member_id, '分销商' || n, now() from g`;
      await sql`insert into distributors (tenant_id, id, member_id, code, name, status, role, upline_id, path, depth, region, applied_at, approved_at, created_at)
        select ${tenantId}, id, member_id, 'L' || lpad(n::text, 8, '0'), '分销商' || n, 'active',
          case when upline is null then 'team_lead' else 'distributor' end::distributor_role, upline,
          case when upline is null then '/' || id || '/' else '/' || upline || '/' || id || '/' end,
          case when upline is null then 0 else 1 end, '广东省', now(), now(), now() from g`;
    });
    for (let i = 1; i <= orders; i += 200_000) await loadOrders(owner, tenantId, distributors, i, Math.min(orders, i + 199_999));
    await owner.unsafe("vacuum (analyze) orders, order_lines, order_events, distributors, members");

    const t1 = performance.now();
    await withTenant(database.db, tenantId, (tx) => foldLeaderboards(tx, tenantId));
    const firstFold = (performance.now() - t1) / 1000;

    const extra = Math.max(1, Math.floor(orders / 100));
    await loadOrders(owner, tenantId, distributors, orders + 1, orders + extra, true);
    const t2 = performance.now();
    await withTenant(database.db, tenantId, (tx) => foldLeaderboards(tx, tenantId));
    const incremental = (performance.now() - t2) / 1000;
    await owner.unsafe("analyze leaderboard_rollups");

    const [lead] = await owner<{ id: string }[]>`select id from bench_d where n = 1`;
    const queries: LeaderboardQuery[] = [];
    for (const period of ["week", "month"] as const)
      for (const metric of ["gmv", "orders", "new_customers"] as const)
        for (const scope of [{ kind: "brand" as const }, { kind: "region" as const, region: "广东省" }, { kind: "team" as const, distributorId: lead!.id }])
          queries.push({ period, metric, scope, limit: 50 });
    // Reads as they come: each may fold what arrived since the last fold (at most a few seconds stale).
    const samples = await timeCalls(reads, 20, (i) =>
      withTenant(database.db, tenantId, (tx) => readLeaderboard(tx, tenantId, queries[i % queries.length]!, { mask: true })),
    );
    const s = summarize(samples);
    const [{ rows } = { rows: "0" }] = await owner<{ rows: string }[]>`select count(*)::text as rows from leaderboard_rollups`;

    const m = machine();
    const md = `
## Leaderboards (\`npm run bench:leaderboards\`)

Written by bench/incentives-kpi.ts; rerun it rather than editing by hand.

| | |
| --- | --- |
| date | ${m.date} |
| cores (nproc) / CPU | ${m.nproc} / ${m.cpu} |
| Node / Postgres | ${m.node} / ${version.split(" on ")[0]} |
| load average at the end | ${m.loadavg} |
| data | ${distributors.toLocaleString("en")} distributors, ${orders.toLocaleString("en")} orders over 40 days; rollup ${Number(rows).toLocaleString("en")} rows |

| | result | target |
| --- | --- | --- |
| first fold (rollup from nothing) | ${firstFold.toFixed(2)} s | |
| incremental fold of ${extra.toLocaleString("en")} new orders | ${incremental.toFixed(2)} s | |
| leaderboard read (fold before read + top 50), ${s.n} reads over week/month × 3 metrics × brand/region/team | p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms | p95 < ${P95_LIMIT_MS} ms |
`;
    writeSection(args.out, "leaderboards", md);
    console.log(md);
    if (s.p95 >= P95_LIMIT_MS) process.exitCode = 1;
  } finally {
    await owner.end();
    await database.close();
    if (args.keep) console.log(`kept database ${dbName}`);
    else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

void main();
