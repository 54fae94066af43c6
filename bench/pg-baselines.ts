/**
 * What this Postgres server can do at all, measured in the same run as the app so ratios mean
 * something on any machine: pgbench's TPC-B-like transaction rate, and a raw multi-row INSERT
 * ceiling (rows a second into a plain table from several connections, no app code at all).
 */
import { spawnSync } from "node:child_process";
import postgres from "postgres";

export interface PgbenchResult {
  clients: number;
  threads: number;
  seconds: number;
  scale: number;
  tps: number;
  latencyMs: number;
}

/** `pgbench -i -s scale` then `pgbench -c 8 -j 2 -T 30` (TPC-B) in a database of its own. */
export function runPgbench(url: string, opts: { scale: number; clients: number; threads: number; seconds: number }): PgbenchResult {
  const u = new URL(url);
  const base = ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres")];
  const db = u.pathname.slice(1);
  const init = spawnSync("pgbench", [...base, "-i", "-q", "-s", String(opts.scale), db], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
  const run = spawnSync("pgbench", [...base, "-c", String(opts.clients), "-j", String(opts.threads), "-T", String(opts.seconds), db], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1];
  const lat = /latency average = ([\d.]+) ms/.exec(run.stdout)?.[1];
  if (!tps) throw new Error(`pgbench: no tps in output:\n${run.stdout}`);
  return { ...opts, tps: Number(tps), latencyMs: Number(lat ?? NaN) };
}

export interface InsertCeiling {
  connections: number;
  rowsPerStatement: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Rows a second that plain multi-row INSERTs reach from `connections` clients for `seconds`. */
export async function insertCeiling(url: string, opts: { connections: number; rowsPerStatement: number; seconds: number }): Promise<InsertCeiling> {
  const sql = postgres(url, { max: opts.connections, onnotice: () => {} });
  try {
    await sql`create table if not exists bench_raw_insert (id uuid primary key, tenant_id uuid not null, amount_fen bigint not null, note text, created_at timestamptz not null default now())`;
    const tenant = crypto.randomUUID();
    const rows = () =>
      Array.from({ length: opts.rowsPerStatement }, () => ({ id: crypto.randomUUID(), tenant_id: tenant, amount_fen: Math.floor(Math.random() * 1e6), note: "x".repeat(40) }));
    let inserted = 0;
    const deadline = performance.now() + opts.seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.connections }, async () => {
        while (performance.now() < deadline) {
          // One JSON parameter for the whole statement, as the app sends its bulk rows.
          await sql`insert into bench_raw_insert (id, tenant_id, amount_fen, note)
            select x.id, x.tenant_id, x.amount_fen, x.note
            from jsonb_to_recordset(${sql.json(rows())}) as x(id uuid, tenant_id uuid, amount_fen bigint, note text)`;
          inserted += opts.rowsPerStatement;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    await sql`drop table bench_raw_insert`;
    return { ...opts, seconds: elapsed, rowsPerSecond: inserted / elapsed };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
