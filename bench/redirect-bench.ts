/**
 * GET /s/<code> against the production server (`npm start`: the build behind server/http/main.ts)
 * on loopback, with clicks recorded in the bench database. The load generator shares the
 * machine's cores with the server and Postgres, so the figure is a floor for a server that has
 * the machine to itself.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { Sql } from "postgres";
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { ensureShortLink } from "@/server/promotion/short-links";
import { startArgs } from "./stats";

export interface RedirectResult {
  links: number;
  connections: number;
  workers: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  status302: number;
  non3xx: number;
  errors: number;
  clicksAdded: number;
  clickErrorsLogged: number;
}

// Test-deployment values, as .ci/run uses for its build (≥ 32 characters; not secrets).
const APP_ENV = {
  FENXIAO_ENV: "test",
  FENXIAO_ALLOW_TEST_FEATURES: "1",
  AUTH_SECRET: "bench-auth-secret-not-for-production-0123456789",
  FENXIAO_HASH_KEY: "bench-hash-key-not-for-production-0123456789ab",
  DEMO_SEED: "0",
  NEXT_TELEMETRY_DISABLED: "1",
  // The load generator plays one proxy that appends varied visitor addresses.
  TRUSTED_PROXY_HOPS: "1",
};

export function buildApp() {
  // Built like CI builds it: no DATABASE_URL, so the build never touches the bench database.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...env, ...APP_ENV } });
  if (r.status !== 0) throw new Error("bench: npm run build failed");
}

export async function benchRedirect(opts: {
  db: Db;
  owner: Sql;
  dbUrl: string;
  tenantId: string;
  activeIds: string[];
  links: number;
  port: number;
  seconds: number;
  connections: number;
  workers: number;
}): Promise<RedirectResult> {
  // Links for a sample of active distributors, made by the app's own service.
  const stride = Math.max(1, Math.floor(opts.activeIds.length / opts.links));
  const sample = opts.activeIds.filter((_, i) => i % stride === 0).slice(0, opts.links);
  const codes = await withTenant(opts.db, opts.tenantId, async (tx) => {
    const out: string[] = [];
    for (const id of sample) out.push((await ensureShortLink(tx, { distributorId: id })).code);
    return out;
  });
  // As autovacuum would soon after; stale statistics on the new links mislead the resolver's plan.
  await opts.owner`analyze short_links, short_codes`;

  const base = `http://127.0.0.1:${opts.port}`;
  const log = path.join(os.tmpdir(), `fenxiao-bench-server-${opts.port}.log`);
  const logFd = fs.openSync(log, "w");
  // What `npm start` runs, in its own process group so stopping it stops exactly this server.
  const server = spawn(
    process.execPath,
    [...startArgs(), "-p", String(opts.port), "-H", "127.0.0.1"],
    {
      detached: true,
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, ...APP_ENV, DATABASE_URL: opts.dbUrl, APP_URL: base, WEB_CONCURRENCY: String(opts.workers) },
    },
  );
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  try {
    await waitForRedirect(`${base}/s/${codes[0]}`, exited);

    // Every request: a random link, a new visitor (no cookie) from a random address.
    const load = (limit: { amount: number } | { duration: number }) =>
      autocannon({
        url: base,
        connections: opts.connections,
        ...limit,
        timeout: 10,
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({
              ...req,
              path: `/s/${codes[Math.floor(Math.random() * codes.length)]}`,
              headers: {
                "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.40",
                "x-forwarded-for": `10.${rand255()}.${rand255()}.${rand255()}`,
              },
            }),
          },
        ],
      });

    // Warm-up (JIT, connection pool), which also sizes the measured run: a fixed number of
    // requests, all of which complete, so clicks can be matched one for one against 302s
    // (a timed run abandons its in-flight requests when it stops).
    const warm = await load({ duration: 5 });
    // The median per-second rate, so the cold first second does not shorten the measured run.
    const amount = Math.max(1000, Math.round(Math.max(warm.requests.p50, warm.requests.average) * opts.seconds));
    // The warm-up abandoned its in-flight requests; let the server finish recording them.
    const clicksBefore = await settledClickCount(opts.owner, opts.tenantId);
    const r = await load({ amount });
    const clicksAdded = (await clickCount(opts.owner, opts.tenantId)) - clicksBefore;

    const byStatus = Object.entries(r.statusCodeStats ?? {});
    const count = (pred: (code: number) => boolean) =>
      byStatus.filter(([code]) => pred(Number(code))).reduce((s, [, v]) => s + (v.count ?? 0), 0);
    return {
      links: codes.length,
      connections: opts.connections,
      workers: opts.workers,
      seconds: r.duration,
      requests: r.requests.total,
      rps: r.requests.total / r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      status302: count((c) => c === 302),
      non3xx: count((c) => c < 300 || c >= 400),
      errors: r.errors,
      clicksAdded,
      clickErrorsLogged: fs.readFileSync(log, "utf8").split("click not recorded").length - 1,
    };
  } finally {
    if (server.exitCode === null && server.pid) process.kill(-server.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null && server.pid) process.kill(-server.pid, "SIGKILL");
    fs.closeSync(logFd);
  }
}

const rand255 = () => Math.floor(Math.random() * 255);

async function clickCount(owner: Sql, tenantId: string) {
  const [row] = await owner<{ n: number }[]>`select count(*)::int as n from link_clicks where tenant_id = ${tenantId}`;
  return row?.n ?? 0;
}

async function settledClickCount(owner: Sql, tenantId: string) {
  let last = await clickCount(owner, tenantId);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await clickCount(owner, tenantId);
    if (now === last) return now;
    last = now;
  }
}

/** Polls until the server answers the redirect (the first request also opens its pool). */
async function waitForRedirect(url: string, exited: Promise<void>) {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !dead) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status === 302) return;
      throw new Error(`bench: ${url} answered ${res.status}, expected 302`);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("bench:")) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`bench: the server did not come up (${dead ? "it exited" : "timeout"}); see its log in ${os.tmpdir()}`);
}
