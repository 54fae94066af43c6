/** Timing helpers and the machine description that goes at the top of BENCHMARKS.md. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import type { Sql } from "postgres";

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile: p99 of 5,000 samples is the 4,950th smallest, never interpolated down. */
export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}

/**
 * Runs `fn(i)` `warmup` times unmeasured (V8 JIT, pool connections, Postgres catalog and
 * buffer caches: a long-running app is warm), then `runs` times one after another, returning
 * milliseconds per call.
 */
export async function timeCalls(runs: number, warmup: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return ms;
}

export function machine() {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  return {
    nproc: os.availableParallelism(),
    cpu,
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    /** Other work on the machine skews latency; say how busy it was. */
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(" / "),
    date: new Date().toISOString(),
  };
}

export const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/**
 * The floor under every database call here: `select 1` over the same loopback, prepared.
 * Each withTenant call makes several such round trips, so their tail bounds its tail.
 */
export async function roundTrip(sql: Sql, runs = 5000) {
  return summarize(await timeCalls(runs, 200, () => sql.unsafe("select 1", [], { prepare: true })));
}

/**
 * Replaces one bench's section of BENCHMARKS.md (between `<!-- bench:<id> -->` markers), keeping
 * the other benches' sections, so each bench can be rerun on its own.
 */
export function writeSection(file: string, id: string, markdown: string) {
  const open = `<!-- bench:${id} -->`;
  const close = `<!-- /bench:${id} -->`;
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(open);
  const end = current.indexOf(close);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + close.length) : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next.endsWith("\n") ? next : `${next}\n`);
}

/**
 * The Postgres server a bench runs against (DATABASE_URL, else the local one) and a fresh,
 * randomly named database on it for this run ([a-z0-9_] by construction, so it may be quoted
 * into CREATE/DROP DATABASE, which take no bind parameters).
 */
export function benchDatabase() {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `fenxiao_bench_${randomBytes(4).toString("hex")}`;
  const urlFor = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  return { serverUrl, dbName, dbUrl: urlFor(dbName), urlFor };
}

/**
 * CPU seconds (user + system) used so far by every live process named `postgres` on this
 * machine: read before and after a phase, it says what the database spent on it (the server is
 * local; a backend that exits during the phase takes its share with it).
 */
export function postgresCpuSeconds(): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (!stat.slice(stat.indexOf("(") + 1, close).startsWith("postgres")) continue;
      const f = stat.slice(close + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) / tick; // utime, stime (fields 14 and 15)
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** This process's CPU seconds (user + system) so far. */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Node's arguments in package.json's start script (its flags, such as the heap limit, included):
 * the server as `npm start` runs it, without npm's own process in the measured group.
 */
export function startArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  const [command, ...rest] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== "node") throw new Error(`bench: the start script does not begin with node: ${pkg.scripts.start}`);
  return rest;
}
