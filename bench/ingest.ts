/**
 * npm run bench:ingest [-- --size 120000 --team 40000 --seconds 20 --batches 20 --skip-build --no-pglite]
 *
 * On a real Postgres server (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres),
 * in one run: pgbench TPC-B and a raw multi-row INSERT ceiling on the same server; then a fresh
 * database with the 120,000-distributor tree (one city partner in the chain of > 30% of
 * orders), the production server (`npm start`, node:http in front of the built app) taking
 * single `POST /api/v1/orders` at concurrency 32 and 1,000-order batches; the settlement sweep;
 * the server's memory; an instrumented in-process run that says where the time goes; and the
 * same service figures on PGlite. Writes its section of BENCHMARKS.md.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import autocannon from "autocannon";
import postgres from "postgres";
import { openDatabase, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { withTenant } from "@/db/tenant";
import { createRule } from "@/server/commission/rules";
import { resetRuleSetting, updateRuleSetting } from "@/server/risk/settings";
import { DASHBOARD_REFRESH_DUTY, DASHBOARD_REFRESH_SECONDS, refreshAllDashboards, startDashboardRefresher } from "@/server/dashboard/run";
import { jsonParam } from "@/server/ledger/post";
import { ingestOrders, type IngestPhase } from "@/server/orders/ingest";
import { orderInputSchema } from "@/server/orders/schemas";
import { settleTenant } from "@/server/settlement/run";
import { seededRandom } from "@/server/shared/seeded-random";
import { createApiKey } from "@/server/tenancy/api-keys";
import { createBrand } from "@/server/tenancy/brands";
import { BENCH_RULES, benchOrder, orderPicker } from "./ingest-orders";
import { loadTree } from "./load-tree";
import { insertCeiling, runPgbench, type InsertCeiling, type PgbenchResult } from "./pg-baselines";
import { buildApp } from "./redirect-bench";
import { benchDatabase, machine, ms, postgresCpuSeconds, processCpuSeconds, startArgs, summarize, writeSection, type Summary } from "./stats";
import { growTree } from "./tree-shape";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "120000" },
    team: { type: "string", default: "40000" },
    seed: { type: "string", default: "20261201" },
    port: { type: "string", default: "3918" },
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "32" },
    // One app process: on two cores Postgres and the load generator need the others, and each
    // extra worker is another ~400 MB (a whole Next server), against the < 600 MB target.
    workers: { type: "string", default: "1" },
    batches: { type: "string", default: "20" },
    // The machine's cores (Postgres is local): a batch client and a settlement connection each
    // keep one Postgres backend, one core, busy.
    "batch-clients": { type: "string", default: String(Math.max(2, os.availableParallelism())) },
    "sweep-workers": { type: "string", default: String(Math.max(2, os.availableParallelism())) },
    "pglite-size": { type: "string", default: "5000" },
    out: { type: "string", default: "BENCHMARKS.md" },
    "skip-build": { type: "boolean", default: false },
    "no-pglite": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const int = (s: string) => Number.parseInt(s, 10);
const ACTOR = { type: "cli" as const, id: null };

const { serverUrl, dbName, dbUrl, urlFor: dbUrlFor } = benchDatabase();

const APP_ENV = {
  FENXIAO_ENV: "test",
  FENXIAO_ALLOW_TEST_FEATURES: "1",
  AUTH_SECRET: "bench-auth-secret-not-for-production-0123456789",
  FENXIAO_HASH_KEY: "bench-hash-key-not-for-production-0123456789ab",
  DEMO_SEED: "0",
  NEXT_TELEMETRY_DISABLED: "1",
  // Measuring the service, not the per-key limits (which would refuse a load generator).
  API_RATE_LIMIT_PER_SECOND: "100000",
  API_RATE_LIMIT_BURST: "100000",
  API_MAX_IN_FLIGHT_PER_KEY: "1024",
  // The sweep is measured on its own below.
  SETTLEMENT_SWEEP_SECONDS: "0",
};

interface HttpResult {
  requests: number;
  seconds: number;
  rps: number;
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** CPU per order during the timed run: the app server, Postgres and this process (the load generator). */
  cpuMsPerOrder: { app: number; pg: number; load: number };
}

interface Results {
  version: string;
  pgbench: PgbenchResult;
  ceiling: InsertCeiling;
  tree: { size: number; team: number; loadSeconds: number };
  hotShare: number;
  single: HttpResult;
  batch: { orders: number; seconds: number; ordersPerSecond: number; clients: number; cpuMsPerOrder: { app: number; pg: number; load: number } };
  rssMaxMiB: number;
  sweep: { commissions: number; seconds: number; perSecond: number; workers: number; walMiB: number; checkpoints: number };
  phasesSingle: Record<IngestPhase, number> & { orders: number; total: Summary };
  phasesBatch: Record<IngestPhase, number> & { orders: number; total: Summary };
  phasesSingleOff: Record<IngestPhase, number> & { orders: number; total: Summary };
  phasesBatchOff: Record<IngestPhase, number> & { orders: number; total: Summary };
  /** Milliseconds per call, without and with the dashboard refresher running. */
  aggregates: Record<"off" | "on", { batch: number[]; single: number[] }>;
  pglite: PgliteResult | null;
  hotChainShare: number;
  /** Share of the HTTP phases' orders that risk flagged (review or block). */
  httpFlaggedShare: number;
  /** Share of the in-process risk-on orders that risk flagged (review or block). */
  riskFlaggedShare: number;
  /** The same with the default burst threshold, and those blocks' timings. */
  flaggingShare: number;
  phasesSingleFlagging: Record<IngestPhase, number> & { orders: number; total: Summary };
  phasesBatchFlagging: Record<IngestPhase, number> & { orders: number; total: Summary };
  phasesSingleFlaggingOff: Record<IngestPhase, number> & { orders: number; total: Summary };
  phasesBatchFlaggingOff: Record<IngestPhase, number> & { orders: number; total: Summary };
}

interface PgliteResult {
  size: number;
  single: Summary & { perSecond: number };
  batchPerSecond: number;
  sweepPerSecond: number;
  sweepCommissions: number;
}

async function setupBrand(database: Database) {
  const slug = `bench-${randomBytes(3).toString("hex")}`;
  const brand = await createBrand(database.db, { brandName: "Bench Brand", slug, ownerName: "Bench Owner", email: `owner@${slug}.test`, password: "bench-password-1234", acceptTerms: true });
  // Three tiers, so every order pays three earners (the connection is the owner's).
  await database.db.execute(sql`update brand_settings set commission_levels = 3 where tenant_id = ${brand.tenantId}`);
  return brand;
}

async function main() {
  const started = Date.now();
  if (!args["skip-build"]) buildApp();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const pgbenchDb = `${dbName}_pgbench`;
  await admin.unsafe(`create database "${dbName}"`);
  await admin.unsafe(`create database "${pgbenchDb}"`);
  const database = await openDatabase({ url: dbUrl, max: 10 });
  const owner = postgres(dbUrl, { max: 2, onnotice: () => {} });
  try {
    const [{ version } = { version: "?" }] = await owner<{ version: string }[]>`select version()`;
    console.log("pgbench (TPC-B, -c 8 -j 2 -T 30) …");
    const pgbench = runPgbench(dbUrlFor(pgbenchDb), { scale: 10, clients: 8, threads: 2, seconds: 30 });
    console.log(`  ${pgbench.tps.toFixed(0)} tps`);
    const ceiling = await insertCeiling(dbUrlFor(pgbenchDb), { connections: 8, rowsPerStatement: 1000, seconds: 10 });
    console.log(`raw INSERT ceiling: ${ceiling.rowsPerSecond.toFixed(0)} rows/s`);

    await migrateDatabase(database);
    const brand = await setupBrand(database);
    for (const rule of BENCH_RULES) await withTenant(database.db, brand.tenantId, (tx) => createRule(tx, ACTOR, rule));
    const key = await withTenant(database.db, brand.tenantId, (tx) => createApiKey(tx, ACTOR, { name: "bench" }));
    // The brand's burst threshold for a kind of block: risk on (or off, where it is not read)
    // with the threshold above its own traffic's rate (every check still reads what it reads, and
    // ordinary orders pass); "flagging" with the defaults, under which this traffic (hundreds of
    // new buyers a minute through one team) is in part a brushing burst and what flagging costs
    // (holds, cases, earlier orders raised) comes on top.
    const burst = (mode: RiskMode) =>
      withTenant(database.db, brand.tenantId, (tx) =>
        mode === "flagging"
          ? resetRuleSetting(tx, ACTOR, "brushing_burst")
          : updateRuleSetting(tx, brand.tenantId, ACTOR, { rule: "brushing_burst", thresholds: { newBuyers: BURST_ABOVE_TRAFFIC } }),
      );
    /** Share of the brand's orders with these external id patterns that risk flagged (review or block). */
    const flaggedShare = async (...patterns: string[]) => {
      const [flags] = await owner<{ flagged: number; all: number }[]>`
        select count(*) filter (where risk_verdict <> 'allow')::int as flagged, count(*)::int as "all"
        from orders where tenant_id = ${brand.tenantId} and external_id like any (${patterns}::text[])`;
      return flags!.flagged / Math.max(1, flags!.all);
    };
    // Under the defaults a quarter of the HTTP phases' orders were brushing, held and raised. A
    // brand with this traffic sets the threshold above its rate, as this one does for everything
    // judged below; the defaults' cost is shown in-process.
    await burst("on");

    const random = seededRandom(int(args.seed));
    const t0 = performance.now();
    const shape = growTree({ size: int(args.size), roots: 5, teamSize: int(args.team), maxDepth: 8, random });
    const tree = await loadTree(owner, brand.tenantId, shape, random);
    await owner`vacuum (analyze) members, distributors`;
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(`tree: ${shape.parent.length} distributors in ${loadSeconds.toFixed(1)} s`);
    const picker = orderPicker(shape, tree, random);

    // --- HTTP: single orders, then batches, against npm start ---
    const port = int(args.port);
    const base = `http://127.0.0.1:${port}`;
    const log = path.join(os.tmpdir(), `fenxiao-bench-ingest-${port}.log`);
    const logFd = fs.openSync(log, "w");
    const server = spawn(process.execPath, [...startArgs(), "-p", String(port), "-H", "127.0.0.1"], {
      detached: true,
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, ...APP_ENV, DATABASE_URL: dbUrl, APP_URL: base, WEB_CONCURRENCY: args.workers },
    });
    const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
    let rssMax = 0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, groupStats(server.pid!).rssMiB)), 500);
    let single: HttpResult;
    let batch: Results["batch"];
    try {
      await waitForApi(`${base}/api/v1/me`, key.key, exited);
      let n = 0;
      const now = new Date();
      const load = (seconds: number) =>
        autocannon({
          url: base,
          connections: int(args.connections),
          duration: seconds,
          timeout: 20,
          requests: [
            {
              method: "POST",
              path: "/api/v1/orders",
              headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
              setupRequest: (req) => ({ ...req, body: JSON.stringify(benchOrder("S", n++, picker.code(), now, random)) }),
            },
          ],
        });
      await load(5); // warm-up: JIT, pools, caches
      // Statistics for what the warm-up wrote, as autovacuum gathers them on any real server
      // (a table is analysed once 50 rows + 10% have changed; the bench machines run with it
      // off). Without them the tables the brand started with empty keep plans made for empty
      // tables: every foreign-key check on orders was a sequential scan (126 µs each, 133,000 of
      // them in 20 s), and the app's cached plans likewise. ANALYZE invalidates those plans.
      await owner`vacuum (analyze) orders, order_lines, order_events, commissions, members, member_identities, bindings, ledger_accounts, ledger_journals, ledger_postings, risk_cases`;
      const cpu0 = { app: groupStats(server.pid!).cpuSeconds, pg: postgresCpuSeconds(), load: processCpuSeconds() };
      const r = await load(int(args.seconds));
      const cpu = { app: groupStats(server.pid!).cpuSeconds - cpu0.app, pg: postgresCpuSeconds() - cpu0.pg, load: processCpuSeconds() - cpu0.load };
      const non2xx = Object.entries(r.statusCodeStats ?? {})
        .filter(([c]) => Number(c) < 200 || Number(c) >= 300)
        .reduce((s, [, v]) => s + (v.count ?? 0), 0);
      single = { requests: r.requests.total, seconds: r.duration, rps: r.requests.total / r.duration, latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max }, non2xx, errors: r.errors, cpuMsPerOrder: { app: (cpu.app * 1000) / r.requests.total, pg: (cpu.pg * 1000) / r.requests.total, load: (cpu.load * 1000) / r.requests.total } };
      console.log(`single POST: ${single.rps.toFixed(0)} orders/s, p99 ${single.latency.p99} ms`);

      const batches = int(args.batches);
      const clients = int(args["batch-clients"]);
      let next = 0;
      const bcpu0 = { app: groupStats(server.pid!).cpuSeconds, pg: postgresCpuSeconds(), load: processCpuSeconds() };
      const tb = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < batches) {
            const k = next++;
            const orders = Array.from({ length: 1000 }, (_, i) => benchOrder(`B${k}`, i, picker.code(), now, random));
            const sent = performance.now();
            const res = await fetch(`${base}/api/v1/orders/batch`, {
              method: "POST",
              headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
              body: JSON.stringify({ orders }),
            });
            const body = (await res.json()) as { results?: { status: string }[] };
            if (res.status !== 200 || body.results?.some((x) => x.status !== "created")) throw new Error(`batch ${k}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
            console.log(`  batch ${k}: ${(performance.now() - sent).toFixed(0)} ms`);
          }
        }),
      );
      const seconds = (performance.now() - tb) / 1000;
      const bcpu = { app: groupStats(server.pid!).cpuSeconds - bcpu0.app, pg: postgresCpuSeconds() - bcpu0.pg, load: processCpuSeconds() - bcpu0.load };
      const perOrder = (cpuSeconds: number) => (cpuSeconds * 1000) / (batches * 1000);
      batch = { orders: batches * 1000, seconds, ordersPerSecond: (batches * 1000) / seconds, clients, cpuMsPerOrder: { app: perOrder(bcpu.app), pg: perOrder(bcpu.pg), load: perOrder(bcpu.load) } };
      console.log(`batch: ${batch.ordersPerSecond.toFixed(0)} orders/s`);
    } finally {
      clearInterval(sampler);
      if (server.exitCode === null && server.pid) process.kill(-server.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null && server.pid) process.kill(-server.pid, "SIGKILL");
      fs.closeSync(logFd);
    }

    const [share] = await owner<{ hot: number; all: number }[]>`
      select count(*) filter (where exists (select 1 from commissions c where c.tenant_id = o.tenant_id and c.order_id = o.id and c.distributor_id = ${tree.cityPartnerId}))::int as hot,
             count(*)::int as "all"
      from orders o where o.tenant_id = ${brand.tenantId}`;
    const hotChainShare = share!.hot / share!.all;
    const httpFlaggedShare = await flaggedShare("S-%", "B%");

    // Statistics for what the HTTP phases wrote, as autovacuum would have gathered them by now on
    // a brand this size. The bench machines run with autovacuum off, and without statistics the
    // planner guesses. (Before these and migration 0047's key order, single-order lookups took
    // 13 to 33 ms at this size; under 0.4 ms with both.)
    await owner`vacuum (analyze) orders, order_lines, order_events, commissions, members, member_identities, bindings, ledger_accounts, ledger_journals, ledger_postings, risk_cases`;

    // --- where the time goes: the service in-process, phase by phase ---
    // Warm-up, untimed: this process has not ingested yet (the HTTP phases ran in the server's),
    // and its first calls pay the JIT and the connection's statement cache. Timed first, the
    // risk-on block paid them, and the risk cost read 30-38% against about 20% warm.
    await phases(database, brand.tenantId, 1, 200, picker, random);
    await phases(database, brand.tenantId, 1, 200, picker, random, "off");
    // Risk on and off side by side (issue 10: risk on costs at most 25% of throughput).
    // In alternating blocks: every order ingested makes the risk reads of the next a little
    // heavier (the brand's windows fill up), so one side timed wholly after the other carried
    // the other's data. Block by block, growth and the machine's drift fall on both sides alike.
    // The default-threshold blocks run after the others, and against off blocks of their own:
    // a burst they find raises the earlier orders in its window, the other blocks' among them.
    const singleBlock = async (mode: RiskMode) => (await burst(mode), phases(database, brand.tenantId, 1, 100, picker, random, mode));
    const batchBlock = async (mode: RiskMode) => (await burst(mode), phases(database, brand.tenantId, 1000, 1, picker, random, mode));
    const riskSingle = await alternating(5, ["on", "off"], singleBlock);
    const riskBatch = await alternating(5, ["on", "off"], batchBlock);
    const [phasesSingle, phasesSingleOff, phasesBatch, phasesBatchOff] = [riskSingle.on, riskSingle.off, riskBatch.on, riskBatch.off];
    const riskFlaggedShare = await flaggedShare("P%R-%");
    const flaggingSingle = await alternating(5, ["flagging", "off"], singleBlock);
    const flaggingBatch = await alternating(5, ["flagging", "off"], batchBlock);
    const [phasesSingleFlagging, phasesSingleFlaggingOff, phasesBatchFlagging, phasesBatchFlaggingOff] = [
      flaggingSingle.flagging,
      flaggingSingle.off,
      flaggingBatch.flagging,
      flaggingBatch.off,
    ];
    // What risk on did to those orders: the bench's traffic (hundreds of new buyers a minute
    // through one city partner's team) looks in part like brushing, and those are held.
    const flaggingShare = await flaggedShare("P%F-%");
    // Issue 11: ingest with the dashboard aggregates maintained. Ingest never writes an
    // aggregate; the refresher folds what it committed, so "maintained" means the refresher
    // ticking beside the ingest (every DASHBOARD_REFRESH_SECONDS, the embedded refresher's pace,
    // faster than the Inngest cron's minute). The aggregates are made current first (the
    // backfill is bench:dashboard's), then blocks alternate without and with it.
    await refreshAllDashboards(database.db);
    const aggregates = { off: { batch: [] as number[], single: [] as number[] }, on: { batch: [] as number[], single: [] as number[] } };
    for (let round = 0; round < 2; round++) {
      for (const mode of ["off", "on"] as const) {
        // The embedded refresher itself, its first refresh at once (the block is shorter than
        // its pace): each "on" block pays a fold of what the blocks before it wrote.
        const { stop } = startDashboardRefresher(() => Promise.resolve(database.db), mode === "on" ? DASHBOARD_REFRESH_SECONDS : 0, { immediate: true });
        try {
          aggregates[mode].batch.push(...(await callTimes(database, brand.tenantId, 1000, 4, picker, random, `A${round}${mode}`)));
          aggregates[mode].single.push(...(await callTimes(database, brand.tenantId, 1, 150, picker, random, `a${round}${mode}`)));
        } finally {
          await stop();
        }
      }
    }

    // --- settlement sweep: every order completed long ago, then one sweep ---
    await owner`update orders set status = 'completed', completed_at = now() - interval '10 days', settle_after = now() - interval '3 days' where tenant_id = ${brand.tenantId} and status = 'paid'`;
    await owner`update commissions set settle_after = now() - interval '3 days' where tenant_id = ${brand.tenantId} and status = 'pending'`;
    await owner`vacuum (analyze) orders, commissions, ledger_accounts`;
    // What the sweep writes to the WAL, and how many checkpoints that sets off while it runs
    // (each one makes the next change to every page log that page whole again).
    const walMark = async () =>
      (await owner<{ lsn: string; checkpoints: number }[]>`select pg_current_wal_lsn()::text as lsn, (checkpoints_timed + checkpoints_req)::int as checkpoints from pg_stat_bgwriter`)[0]!;
    const wal0 = await walMark();
    const ts = performance.now();
    const workers = int(args["sweep-workers"]);
    const runs = await settleTenant(database.db, brand.tenantId, { chunk: 50_000, workers });
    const sweepSeconds = (performance.now() - ts) / 1000;
    const wal1 = await walMark();
    const [{ bytes } = { bytes: 0 }] = await owner<{ bytes: number }[]>`select (${wal1.lsn}::pg_lsn - ${wal0.lsn}::pg_lsn)::float8 as bytes`;
    const settled = runs.reduce((s, r) => s + r.commissions, 0);
    const sweep = { commissions: settled, seconds: sweepSeconds, perSecond: settled / sweepSeconds, workers, walMiB: bytes / 2 ** 20, checkpoints: wal1.checkpoints - wal0.checkpoints };
    console.log(`sweep: ${sweep.perSecond.toFixed(0)} commissions/s (${settled})`);

    const pglite = args["no-pglite"] ? null : await benchPglite(int(args["pglite-size"]), int(args.seed));

    const results: Results = {
      version,
      pgbench,
      ceiling,
      tree: { size: shape.parent.length, team: int(args.team), loadSeconds },
      hotShare: picker.hotShare,
      hotChainShare,
      httpFlaggedShare,
      riskFlaggedShare,
      flaggingShare,
      phasesSingleFlagging,
      phasesBatchFlagging,
      phasesSingleFlaggingOff,
      phasesBatchFlaggingOff,
      single: single!,
      batch: batch!,
      rssMaxMiB: rssMax,
      sweep,
      phasesSingle,
      phasesBatch,
      phasesSingleOff,
      phasesBatchOff,
      aggregates,
      pglite,
    };
    writeSection(args.out, "ingest", report(results, (Date.now() - started) / 1000));
    console.log(`wrote ${args.out}`);
  } finally {
    await database.close();
    await owner.end({ timeout: 5 });
    if (args.keep) console.log(`kept database ${dbUrl}`);
    else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.unsafe(`drop database if exists "${pgbenchDb}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

/** In-process ingest with phase timings: average ms per phase per call, and whole-call latency. */
type PhaseResult = Awaited<ReturnType<typeof phases>>;
let phaseBlocks = 0;

/** Risk off; on with the brand's burst threshold above its traffic; on with the defaults. */
type RiskMode = "on" | "off" | "flagging";
/**
 * New buyers a referrer may gain in the burst window before it is a burst, for the "on" blocks:
 * the highest a brand may set (COUNT_CAP). The bench's busiest referrer gains a few dozen.
 */
const BURST_ABOVE_TRAFFIC = 500;

/** `rounds` × (a block of each mode, in turn), each mode's blocks merged. */
async function alternating<M extends RiskMode>(rounds: number, modes: readonly M[], block: (mode: M) => Promise<PhaseResult>): Promise<Record<M, PhaseResult>> {
  const blocks = modes.map((mode) => ({ mode, list: [] as PhaseResult[] }));
  for (let i = 0; i < rounds; i++) {
    for (const b of blocks) b.list.push(await block(b.mode));
  }
  return Object.fromEntries(blocks.map((b) => [b.mode, mergePhases(b.list)])) as Record<M, PhaseResult>;
}

function mergePhases(list: PhaseResult[]): PhaseResult {
  const calls = list.reduce((s, x) => s + x.samples.length, 0);
  const avg = (k: IngestPhase) => list.reduce((s, x) => s + x[k] * x.samples.length, 0) / calls;
  const samples = list.flatMap((x) => x.samples);
  return { read: avg("read"), plan: avg("plan"), write: avg("write"), orders: list[0]!.orders, total: summarize(samples), samples };
}

async function phases(
  database: Database,
  tenantId: string,
  perCall: number,
  calls: number,
  picker: ReturnType<typeof orderPicker>,
  random: () => number,
  mode: RiskMode = "on",
) {
  const risk = mode !== "off";
  // Every call's orders are new: a key sent before would only be found "existing".
  const block = ++phaseBlocks;
  const sums: Record<IngestPhase, number> = { read: 0, plan: 0, write: 0 };
  const totals: number[] = [];
  const now = new Date();
  for (let k = 0; k < calls; k++) {
    const orders = Array.from({ length: perCall }, (_, i) => orderInputSchema.parse(benchOrder(`P${block}${{ on: "R", off: "N", flagging: "F" }[mode]}-${k}`, i, picker.code(), now, random)));
    const t0 = performance.now();
    await withTenant(database.db, tenantId, (tx) =>
      ingestOrders(tx, { tenantId, actor: ACTOR, source: "api", now, risk, timing: (p, msTaken) => (sums[p] += msTaken) }, orders),
    );
    totals.push(performance.now() - t0);
  }
  const avg = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / calls])) as Record<IngestPhase, number>;
  return { ...avg, orders: perCall, total: summarize(totals), samples: totals };
}

/** Whole-call milliseconds of `calls` in-process ingests of `perCall` orders each. */
async function callTimes(database: Database, tenantId: string, perCall: number, calls: number, picker: ReturnType<typeof orderPicker>, random: () => number, prefix: string) {
  const now = new Date();
  const out: number[] = [];
  for (let k = 0; k < calls; k++) {
    const orders = Array.from({ length: perCall }, (_, i) => orderInputSchema.parse(benchOrder(`${prefix}-${k}`, i, picker.code(), now, random)));
    const t0 = performance.now();
    await withTenant(database.db, tenantId, (tx) => ingestOrders(tx, { tenantId, actor: ACTOR, source: "api", now }, orders));
    out.push(performance.now() - t0);
  }
  return out;
}


/** The same service figures on the embedded database (in memory, one connection). */
async function benchPglite(size: number, seed: number): Promise<PgliteResult> {
  const database = await openDatabase({ dataDir: "memory://" });
  try {
    await migrateDatabase(database);
    const brand = await setupBrand(database);
    for (const rule of BENCH_RULES) await withTenant(database.db, brand.tenantId, (tx) => createRule(tx, ACTOR, rule));
    const random = seededRandom(seed);
    const shape = growTree({ size, roots: 5, teamSize: Math.floor(size / 3), maxDepth: 8, random });
    const tree = await loadTreePglite(database, brand.tenantId, shape, random);
    const picker = orderPicker(shape, tree, random);
    const now = new Date();
    const single = await phases(database, brand.tenantId, 1, 300, picker, random);
    const tb = performance.now();
    for (let k = 0; k < 5; k++) {
      const orders = Array.from({ length: 1000 }, (_, i) => orderInputSchema.parse(benchOrder(`PB${k}`, i, picker.code(), now, random)));
      await withTenant(database.db, brand.tenantId, (tx) => ingestOrders(tx, { tenantId: brand.tenantId, actor: ACTOR, source: "api", now }, orders));
    }
    const batchPerSecond = 5000 / ((performance.now() - tb) / 1000);
    await database.db.execute(sql`update orders set status = 'completed', completed_at = now() - interval '10 days', settle_after = now() - interval '3 days'`);
    await database.db.execute(sql`update commissions set settle_after = now() - interval '3 days' where status = 'pending'`);
    const ts = performance.now();
    const runs = await settleTenant(database.db, brand.tenantId, { chunk: 50_000 });
    const settled = runs.reduce((s, r) => s + r.commissions, 0);
    return {
      size,
      single: { ...single.total, perSecond: 1000 / single.total.p50 },
      batchPerSecond,
      sweepCommissions: settled,
      sweepPerSecond: settled / ((performance.now() - ts) / 1000),
    };
  } finally {
    await database.close();
  }
}

/**
 * The tree for PGlite: loadTree writes its rows with COPY through postgres-js; here the same rows
 * are captured from that stream and inserted with SQL (PGlite takes no COPY from a client).
 */
async function loadTreePglite(database: Database, tenantId: string, shape: ReturnType<typeof growTree>, random: () => number) {
  const captured = new Map<string, string[]>();
  const capture = {
    unsafe: (q: string) => ({
      writable: () =>
        Promise.resolve(
          new Writable({
            write(chunk: Buffer, _enc, cb) {
              const target = /^copy (\w+)/.exec(q)![1]!;
              captured.set(target, [...(captured.get(target) ?? []), ...chunk.toString().split("\n").filter(Boolean)]);
              cb();
            },
          }),
        ),
    }),
  };
  const tree = await loadTree(capture as never, tenantId, shape, random);
  const rows = (table: string) => (captured.get(table) ?? []).map((l) => l.split("\t").map((v) => (v === "\\N" ? null : v)));
  for (let i = 0; i < (captured.get("members") ?? []).length; i += 2000) {
    const chunk = rows("members").slice(i, i + 2000).map(([t, id, name, at]) => ({ t, id, name, at }));
    await database.db.execute(sql`insert into members (tenant_id, id, display_name, created_at)
      select x.t, x.id, x.name, x.at from jsonb_to_recordset(${jsonParam(chunk)}) as x(t uuid, id uuid, name text, at timestamptz)`);
  }
  const keys = ["t", "id", "member", "code", "name", "status", "role", "region", "up1", "up2", "path", "depth", "applied", "approved", "created"] as const;
  const all = rows("distributors").map((r) => Object.fromEntries(keys.map((k, j) => [k, r[j]])));
  for (let i = 0; i < all.length; i += 2000) {
    await database.db.execute(sql`insert into distributors (tenant_id, id, member_id, code, name, status, role, region, upline_id, upline2_id, path, depth, applied_at, approved_at, created_at)
      select x.t, x.id, x.member, x.code, x.name, x.status::distributor_status, x.role::distributor_role, x.region, x.up1, x.up2, x.path, x.depth, x.applied, x.approved, x.created
      from jsonb_to_recordset(${jsonParam(all.slice(i, i + 2000))}) as x(t uuid, id uuid, member uuid, code text, name text, status text, role text, region text,
        up1 uuid, up2 uuid, path text, depth int, applied timestamptz, approved timestamptz, created timestamptz)`);
  }
  return tree;
}

/**
 * CPU seconds (user + system) so far and resident MiB of the live processes in a process group,
 * from /proc: about a millisecond, where forking `ps` from this process stalled the load
 * generator in it for 5 ms or more at every sample.
 */
function groupStats(pgid: number): { cpuSeconds: number; rssMiB: number } {
  let cpuSeconds = 0;
  let pages = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command: state, ppid, pgrp, …, utime and stime (USER_HZ), …, rss (pages).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) !== pgid) continue;
      cpuSeconds += (Number(f[11]) + Number(f[12])) / 100;
      pages += Number(f[21]);
    } catch {
      // ended between the listing and the read
    }
  }
  return { cpuSeconds, rssMiB: (pages * 4096) / (1024 * 1024) };
}

async function waitForApi(url: string, key: string, exited: Promise<void>) {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !dead) {
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("bench: the server did not come up (see its log in the temp directory)");
}

function report(r: Results, totalSeconds: number): string {
  const m = machine();
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const ratio = r.single.rps / r.pgbench.tps;
  const p = (x: Record<IngestPhase, number>) => (["read", "plan", "write"] as const).map((k) => ms(x[k])).join(" / ");
  return `## Order ingest and settlement (\`npm run bench:ingest\`)

Written by bench/ingest.ts in ${Math.round(totalSeconds)} s; rerun it rather than editing by hand.

| | |
| --- | --- |
| date | ${m.date} |
| machine | ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node} |
| Postgres | ${r.version.split(" on ")[0]} (default settings: shared_buffers 128 MB, synchronous_commit on) |
| load average at the end | ${m.loadavg} |

The load generator, the app server (${args.workers} workers) and Postgres share these cores.

### Baselines on the same server, same run

| | |
| --- | --- |
| pgbench TPC-B (\`-c ${r.pgbench.clients} -j ${r.pgbench.threads} -T ${r.pgbench.seconds}\`, scale ${r.pgbench.scale}) | **${r.pgbench.tps.toFixed(0)} tps** (average latency ${r.pgbench.latencyMs} ms) |
| raw multi-row INSERT (${r.ceiling.connections} connections × ${r.ceiling.rowsPerStatement} rows a statement, no app) | **${r.ceiling.rowsPerSecond.toFixed(0)} rows/s** |

### Data

One brand, ${r.tree.size.toLocaleString("en")} distributors (COPY, ${r.tree.loadSeconds.toFixed(1)} s), one city partner with a team of
${r.tree.team.toLocaleString("en")}. Orders are new buyers with two lines (tea 10% / 5% / 2%; teaware by a category rule, 15% and
¥1 fixed; a stackable 1% bonus on tmall and jd), attributed by referral code to a distributor at depth ≥ 2 so all three
tiers earn; ${Math.round(r.hotShare * 100)}% go to the city partner's first two levels, and the city partner earns on
**${(r.hotChainShare * 100).toFixed(1)}%** of all orders (its pending account row is the hot row).
Every risk check runs on every order, with the brand's burst threshold (\`brushing_burst\`) set
above its own traffic's rate, as a brand with this traffic would set it (below: what the defaults
cost); risk flagged **${(r.httpFlaggedShare * 100).toFixed(1)}%** of the HTTP phases' orders.

### Results

| target | measured | ratio / verdict |
| --- | --- | --- |
| single \`POST /api/v1/orders\` (2 lines, 3 tiers, ${args.connections} connections, ${r.single.seconds} s) ≥ 0.2 × TPC-B, p99 < 100 ms | **${r.single.rps.toFixed(0)} orders/s**, p50 ${r.single.latency.p50} ms, p99 **${r.single.latency.p99} ms** (${r.single.requests} requests, ${r.single.non2xx} non-2xx, ${r.single.errors} errors) | ${ratio.toFixed(2)} × TPC-B: ${verdict(ratio >= 0.2 && r.single.latency.p99 < 100)} |
| batch ingest (\`POST /api/v1/orders/batch\`, 1,000 orders a request, ${r.batch.clients} clients) ≥ 5,000 orders/s | **${r.batch.ordersPerSecond.toFixed(0)} orders/s** (${r.batch.orders} orders in ${r.batch.seconds.toFixed(1)} s) | ${verdict(r.batch.ordersPerSecond >= 5000)} |
| settlement sweep (${r.sweep.workers} connections) ≥ 50,000 commissions/s | **${r.sweep.perSecond.toFixed(0)} commissions/s** (${r.sweep.commissions.toLocaleString("en")} in ${r.sweep.seconds.toFixed(1)} s; ${r.sweep.walMiB.toFixed(0)} MiB of WAL, ${r.sweep.checkpoints} checkpoint(s) meanwhile) | ${verdict(r.sweep.perSecond >= 50_000)} |
| app RSS < 600 MB | **${r.rssMaxMiB.toFixed(0)} MiB** at most, the server's whole process group (${args.workers === "1" ? "one process: with one worker there is no cluster primary" : `${args.workers} workers and the cluster primary`}) | ${verdict(r.rssMaxMiB < 600)} |

### Where the time goes

In-process, through \`withTenant\` as the API runs it, average milliseconds per call by phase
(read: the advisory locks on order keys and buyer identities, sent together with the reads of
existing orders, identities, bindings, distributors and rules / plan: OneID, attribution, the
rules engine, in memory / write: members, bindings, orders, lines, events and commissions, then
the ledger statement, all sent together):

| call | read / plan / write (ms) | whole call p50 / p99 (ms) |
| --- | --- | --- |
| one order | ${p(r.phasesSingle)} | ${ms(r.phasesSingle.total.p50)} / ${ms(r.phasesSingle.total.p99)} |
| 1,000 orders | ${p(r.phasesBatch)} | |

### Risk checks on and off

The same in-process calls with the risk checks switched off (\`ingestOrders(…, { risk: false })\`,
the baseline only: the API always runs them). Throughput is orders per second at the median whole-call
time; the cost is the share of throughput risk on gives up. All follow an untimed warm-up of 200
calls each (the JIT and the connection's statements); then five rounds of a block with risk on and
one with it off (100 single orders or one 1,000-order call each), so the brand's growing data and
the machine's drift fall on both sides alike; then the same with the default thresholds against
off blocks of their own (a burst found there raises the earlier orders in its window, the first
blocks' too, so those were counted before).

"Risk on" is judged: every check runs on every order (device, IP, address and phone matches,
the referrer's recent new buyers and near-threshold orders, the blacklists, the shared list),
with the brand's burst threshold (\`brushing_burst\`) set above its own traffic's rate
(${BURST_ABOVE_TRAFFIC.toLocaleString("en")} new buyers a referrer in the window, in the brand's risk settings): ordinary
orders, as a brand would tune it; risk flagged **${(r.riskFlaggedShare * 100).toFixed(1)}%** of them. "Default
thresholds" is the same traffic under the defaults (10 new buyers in 30 minutes): hundreds of new
buyers a minute through one city partner's team are then in part a brushing burst, and
**${(r.flaggingShare * 100).toFixed(0)}%** of those orders were flagged: held for review, a case opened, and the
earlier orders of each burst raised with them. That work comes on top of the checks; it is
shown, not judged.

| call | risk on (orders/s) | risk off (orders/s) | cost | ≤ 25% | default thresholds: on / off (orders/s) | cost |
| --- | --- | --- | --- | --- | --- | --- |
${(
  [
    ["one order", r.phasesSingle, r.phasesSingleOff, r.phasesSingleFlagging, r.phasesSingleFlaggingOff],
    ["1,000 orders", r.phasesBatch, r.phasesBatchOff, r.phasesBatchFlagging, r.phasesBatchFlaggingOff],
  ] as const
)
  .map(([name, on, off, flagging, flaggingOff]) => {
    const rate = (x: { orders: number; total: Summary }) => (x.orders * 1000) / x.total.p50;
    const cost = 1 - rate(on) / rate(off);
    const flaggingCost = 1 - rate(flagging) / rate(flaggingOff);
    return `| ${name} | ${rate(on).toFixed(0)} | ${rate(off).toFixed(0)} | ${(cost * 100).toFixed(1)}% | ${verdict(cost <= 0.25)} | ${rate(flagging).toFixed(0)} / ${rate(flaggingOff).toFixed(0)} | ${(flaggingCost * 100).toFixed(1)}% |`;
  })
  .join("\n")}

### Dashboard aggregates maintained (issue 11)

The same in-process calls (risk on) in alternating blocks, without and with the embedded
dashboard refresher running beside them (server/dashboard/run.ts: every ${DASHBOARD_REFRESH_SECONDS} s, or less often once
folds are so long that they would take over ${DASHBOARD_REFRESH_DUTY * 100}% of its time; the Inngest cron runs each minute). A block is shorter than
the pace, so the refresher starts with it, and each "with" block pays one fold of today whole
(every order of the brand so far) while it ingests. Ingest writes no aggregate; this is what
the folding costs the ingest sharing the machine. Throughput is orders per second over the
blocks' whole time.

| call | without (orders/s) | with the refresher (orders/s) | change | within 15% |
| --- | --- | --- | --- | --- |
${(
  [
    ["one order", 1, "single"],
    ["1,000 orders", 1000, "batch"],
  ] as const
)
  .map(([name, per, key]) => {
    const rate = (xs: number[]) => (xs.length * per * 1000) / xs.reduce((a, b) => a + b, 0);
    const off = rate(r.aggregates.off[key]);
    const on = rate(r.aggregates.on[key]);
    const change = on / off - 1;
    return `| ${name} | ${off.toFixed(0)} | ${on.toFixed(0)} | ${(change * 100).toFixed(1)}% | ${verdict(change >= -0.15)} |`;
  })
  .join("\n")}

Single orders without an Idempotency-Key go through group commit (server/orders/group-commit.ts):
an order that arrives while its brand's two ingest transactions are busy waits for the next and
goes in with the others that arrived meanwhile, as a small batch, and each request still gets its
own answer from that transaction. A transaction is six round trips however many orders it holds:
BEGIN; the role and tenant settings with the locks and the first reads; the reads that depend on
them (bindings, the buyers' distributors); every write and the ledger, pipelined; the orders read
back for the answers (three reads, pipelined); COMMIT. The rows go first; the counters other
orders share (the referrers' direct customers) and the ledger statement, which moves the earners'
cached balances, go last, so the hot rows (the city partner's team, its pending account) are
locked only from them to COMMIT: with the counters sent first, concurrent transactions queued on
the referrers' rows through the whole write (16.5 s of one run's statement time, 2.2 s after).
The key lookups (existing orders, identities) are LATERAL probes with LIMIT 1: joined to a JSON
recordset, their cached plans hashed whole tables while the brand was young (3 ms a call; Postgres
CPU per single order went from 2.25 to 1.12 ms). A commission reaches its order through one
foreign key, its line within its order (two keys, to the order and the line, were two checks a row; the order's cost 10 µs). The request body is read from node:http directly
(a web stream over it was 5% of the app's CPU). CPU per single order during the timed run: the app server
**${ms(r.single.cpuMsPerOrder.app)} ms** (HTTP, JSON, validation, the plan, query building), Postgres
**${ms(r.single.cpuMsPerOrder.pg)} ms**, the load generator ${ms(r.single.cpuMsPerOrder.load)} ms: at ${r.single.rps.toFixed(0)} orders/s that is
${(((r.single.cpuMsPerOrder.app + r.single.cpuMsPerOrder.pg + r.single.cpuMsPerOrder.load) * r.single.rps) / 1000).toFixed(2)} of the ${m.nproc} cores, and one app process is single-threaded (its largest
parts in a CPU profile: writing to Postgres's socket 10 to 17%, garbage collection 8 to 11%,
Drizzle building queries and mapping rows 8%; the socket writes are mostly the process preempted
in the system call by the backend it wakes, since one writev per turn of the event loop, tried
on 2026-12-06, was no faster). In a
batch the same statements carry a thousand orders, so the time goes to Postgres writing rows,
index entries and foreign-key checks (about ${Math.round((r.batch.ordersPerSecond * 25) / 1000)}k rows/s across orders, lines, commissions,
journals and postings, against the raw INSERT ceiling above; the batch clients also queue on the
city partner's account rows from the ledger statement to COMMIT). A 1,000-order call makes about
33,000 foreign-key checks (each commission's line, earner and rule version; each posting's journal
and account; each line's and event's order; each order's buyer and distributor), one at a time.
Until 2026-12-06 each was planned afresh: a batch's reads are planned for its own rows
(plan_cache_mode force_custom_plan, transaction-local), and the setting stayed on for the writes,
where every check is a statement of its own (8 µs of planning each). The writes now go back to
the cached plans; on a copy of the bench brand (one connection, risk off) a call went from 862 to
512 ms, and the batch row above from about 1,000 orders a second to 1,455 to 1,757. The HTTP
phases then ran under the default burst threshold, a quarter of their orders flagged (held, a
case each, earlier orders raised); with the brand's threshold above its traffic, as for
everything judged here, this row now reads as above. A check now costs 2 to 3 µs.
What is left is the work itself: on that copy, per order in a 1,000-order call, 0.43 ms of
Postgres CPU and 0.24 ms of the app's with risk on and nothing flagged (0.58 and 0.32 under the
default thresholds, which flag part of this traffic; 0.40 and 0.17 with risk off), so two cores
that did nothing else would reach about 3,000 orders a second, and here the load generator and
the HTTP server share them. During the timed batches above, per order: the app server
**${r.batch.cpuMsPerOrder.app.toFixed(2)} ms** of CPU (HTTP, JSON, validation, the plan, query building), Postgres
**${r.batch.cpuMsPerOrder.pg.toFixed(2)} ms**, the load generator ${r.batch.cpuMsPerOrder.load.toFixed(2)} ms (building and sending the bodies): at
${r.batch.ordersPerSecond.toFixed(0)} orders/s that is ${((r.batch.ordersPerSecond * (r.batch.cpuMsPerOrder.app + r.batch.cpuMsPerOrder.pg + r.batch.cpuMsPerOrder.load)) / 1000).toFixed(2)} of the ${os.availableParallelism()} cores, and 5,000 orders a second at that cost would need
${((5000 * (r.batch.cpuMsPerOrder.app + r.batch.cpuMsPerOrder.pg + r.batch.cpuMsPerOrder.load)) / 1000).toFixed(1)}. 5,000 a second needs more cores than this machine
has: the raw INSERT ceiling above is rows into a table with no index and no key, and an order is
about 25 rows, each with its indexes and keys.

The settlement sweep reads what is due from the commission_due queue, counts it per bucket of
earners (a hash of the distributor id into 64), and settles chunks of whole buckets, about
50,000 commissions each (smaller when there are fewer than one a connection), on as many
connections at once as the machine has cores (SETTLEMENT_WORKERS; 2 by default): one Postgres
backend is one core, and no earner is in two chunks, so the connections never wait on each other. A chunk is one statement that
finds the due commissions (probing each one's line and earner by key), locks them (SKIP
LOCKED), marks them settled by row id and takes them off the queue; then the account locks and
the ledger statement. Measured with auto_explain on a copy of a bench brand (2026-12-06,
333,400 due, chunks of about 37,000 to 47,000): finding and locking 0.45 to 0.6 s; rewriting
them 0.27 s (a HOT update: no index of commissions holds a column settlement writes, and the
table keeps half of each page free; by row id, not a second probe of each key: 0.32 s before);
the ledger statement about 0.45 s for the chunk's 5,000 to 6,000 earners (one journal each, with
two postings and two balance moves, HOT since account pages keep 30% free: 0.52 s before); the
accounts a first settlement creates 0.14 s (only those its account locks did not find); COMMIT 0.07 s (the deferred key from each commission
to its journal was 0.35 s; the sweep checks that link itself now). It is also the WAL: every
page of commissions is rewritten, and the first change to a page after a checkpoint logs the
whole page, so a sweep of this size writes gigabytes and sets off checkpoints as it goes (above;
the trace column narrowed to what the row's columns do not hold cut it by a sixth). What is left
is per row (a commission read, locked and rewritten, a queue row deleted, a journal's share
written) and is Postgres's CPU, about 36 µs a commission: two cores doing nothing else settle
about 55,000 a second, so the target is met with little to spare. Chunks four times larger
(fewer passes over each page of commissions) measured the same on a copy. Until 2026-12-06 the
HTTP phases ran under the default burst threshold, which flagged a quarter of their orders: the
queue then also held those orders' held commissions, which every chunk probed and passed over,
and the sweep measured 46,000 to 48,000 a second.

${
  r.pglite
    ? `### PGlite (embedded, in memory, one connection, ${r.pglite.size.toLocaleString("en")} distributors)

| | |
| --- | --- |
| one order in-process, p50 / p99 | ${ms(r.pglite.single.p50)} / ${ms(r.pglite.single.p99)} ms (≈ ${r.pglite.single.perSecond.toFixed(0)} orders/s one at a time) |
| batch ingest, 1,000 orders a call | ${r.pglite.batchPerSecond.toFixed(0)} orders/s |
| settlement sweep | ${r.pglite.sweepPerSecond.toFixed(0)} commissions/s (${r.pglite.sweepCommissions.toLocaleString("en")}) |

PGlite runs one statement at a time in the app's own process; it is the zero-setup database for
development and the demo, not for load.
`
    : ""
}
### Reproduce

\`\`\`bash
npm run bench:ingest                 # builds, then everything (about 10 minutes on 2 cores)
npm run bench:ingest -- --skip-build # reuse the existing .next build
\`\`\`
`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
