/**
 * npm run bench:network [-- --size 120000 --team 10000 --no-http --skip-build --keep --workers N --out FILE]
 *
 * On a real Postgres server (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres):
 * makes a fresh database, migrates it, grows a seeded referral tree in one brand, times the
 * tree services through withTenant (app role, RLS on), then the /s/<code> redirect on the
 * production build, and writes BENCHMARKS.md. The database is dropped unless --keep.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createBrand } from "@/server/tenancy/brands";
import { loadTree } from "./load-tree";
import { benchRedirect, buildApp, type RedirectResult } from "./redirect-bench";
import { benchDatabase, machine, ms, roundTrip, writeSection, type Summary } from "./stats";
import { benchTree, type TreeResult } from "./tree-bench";
import { seededRandom } from "@/server/shared/seeded-random";
import { growTree, type TreeShape } from "./tree-shape";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "120000" },
    team: { type: "string", default: "10000" },
    seed: { type: "string", default: "20240601" },
    calls: { type: "string", default: "5000" },
    "chain-warmup": { type: "string", default: "20000" },
    runs: { type: "string", default: "50" },
    links: { type: "string", default: "1000" },
    port: { type: "string", default: "3917" },
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "50" },
    // One server process per core, as the README recommends for `npm start` on Postgres.
    workers: { type: "string", default: String(os.availableParallelism()) },
    out: { type: "string", default: "BENCHMARKS.md" },
    "no-http": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const int = (s: string) => Number.parseInt(s, 10);

const { serverUrl, dbName, dbUrl } = benchDatabase();

async function main() {
  // Build first: it is the slow step and needs no database.
  const http = !args["no-http"];
  if (http && !args["skip-build"]) buildApp();

  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  // Identifiers cannot be bind parameters; dbName is [a-z0-9_] by construction.
  await admin.unsafe(`create database "${dbName}"`);
  const database = await openDatabase({ url: dbUrl });
  const owner = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ version } = { version: "?" }] = await owner<{ version: string }[]>`select version()`;
    await migrateDatabase(database);
    const slug = `bench-${randomBytes(3).toString("hex")}`;
    const brand = await createBrand(database.db, {
      brandName: "Bench Brand",
      slug,
      ownerName: "Bench Owner",
      email: `owner@${slug}.test`,
      password: "bench-password-1234",
      acceptTerms: true,
    });
    await owner`update brand_settings set landing_url = 'https://shop.example.com/landing?utm=fx' where tenant_id = ${brand.tenantId}`;

    const random = seededRandom(int(args.seed));
    const t0 = performance.now();
    const shape = growTree({ size: int(args.size), roots: 5, teamSize: int(args.team), maxDepth: 8, random });
    const tree = await loadTree(owner, brand.tenantId, shape, random);
    // VACUUM as well as ANALYZE: after a bulk insert autovacuum does the same within a minute
    // or so (insert-triggered vacuum); doing it now keeps it from landing mid-measurement, and
    // it sets the visibility map that index-only scans rely on.
    await owner`vacuum (analyze) members, distributors`;
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(`generated ${shape.parent.length} distributors in ${loadSeconds.toFixed(1)} s (${dbName})`);

    const baseline = await roundTrip(owner);
    const treeResults = await benchTree(database.db, brand.tenantId, shape, tree, {
      chainCalls: int(args.calls),
      chainWarmup: int(args["chain-warmup"]),
      teamRuns: int(args.runs),
      random,
    });
    for (const r of treeResults) console.log(`${r.name}: p50 ${ms(r.whole.p50)} ms, p99 ${ms(r.whole.p99)} ms`);

    let redirect: RedirectResult | null = null;
    if (http) {
      redirect = await benchRedirect({
        db: database.db,
        owner,
        dbUrl,
        tenantId: brand.tenantId,
        activeIds: tree.ids.filter((_, i) => tree.active[i]),
        links: int(args.links),
        port: int(args.port),
        seconds: int(args.seconds),
        connections: int(args.connections),
        workers: int(args.workers),
      });
      console.log(`redirect: ${redirect.rps.toFixed(0)} req/s, p99 ${redirect.p99} ms`);
    }
    writeSection(args.out, "network", report({ version, baseline, shape, loadSeconds, treeResults, chainWarmup: int(args["chain-warmup"]), redirect }));
    console.log(`wrote ${args.out}`);
  } finally {
    await database.close();
    await owner.end({ timeout: 5 });
    if (args.keep) console.log(`kept database ${dbUrl}`);
    else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

function report(r: {
  version: string;
  baseline: Summary;
  shape: TreeShape;
  loadSeconds: number;
  treeResults: TreeResult[];
  chainWarmup: number;
  redirect: RedirectResult | null;
}) {
  const m = machine();
  const n = r.shape.parent.length;
  const perDepth = Array.from({ length: Math.max(...r.shape.depth) + 1 }, (_, d) => r.shape.depth.filter((x) => x === d).length);
  const fanOut = Math.max(...r.shape.childCount);
  const leaves = r.shape.childCount.filter((c) => c === 0).length;
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const rows = r.treeResults.map((t) => {
    const judged = t[t.judged].p99;
    const bold = (figure: string, which: TreeResult["judged"]) => (t.judged === which ? `**${figure}**` : figure);
    return `| ${t.name} | ${ms(t.whole.p50)} | ${ms(t.whole.p95)} | ${bold(ms(t.whole.p99), "whole")} | ${ms(t.service.p50)} | ${bold(ms(t.service.p99), "service")} | < ${t.targetMs} (${t.judged === "whole" ? "transaction" : "service"}) | ${verdict(judged < t.targetMs)} |`;
  });
  const h = r.redirect;
  return `## Referral tree and short links (\`npm run bench:network\`)

Written by bench/network.ts; rerun it rather than editing by hand.

### Machine

| | |
| --- | --- |
| date | ${m.date} |
| cores (nproc) | ${m.nproc} |
| CPU | ${m.cpu} |
| memory | ${m.memoryGiB} GiB |
| Node | ${m.node} |
| Postgres | ${r.version} |
| load average 1 / 5 / 15 min, at the end | ${m.loadavg} |
| \`select 1\` round trip p50 / p99 / max (ms) | ${ms(r.baseline.p50)} / ${ms(r.baseline.p99)} / ${ms(r.baseline.max)} |

The load generator, the app server and Postgres share these cores, and the machine is shared
with other work (see the load average), so latencies include time waiting for a core.

### Data

One brand with ${n.toLocaleString("en")} distributors and a member row each, loaded with COPY, then
VACUUM (ANALYZE) (what autovacuum does on its own shortly after a bulk insert), in
${r.loadSeconds.toFixed(1)} s. Five roots; recruiting by preferential attachment, so fan-out runs
from none (${leaves.toLocaleString("en")} distributors) up to ${fanOut}; depth 0 to ${perDepth.length - 1}
(per depth: ${perDepth.join(", ")}). One city partner at depth 2 has a team of exactly
${countTeam(r.shape).toLocaleString("en")} (${r.shape.childCount[r.shape.cityPartner]} direct), spread
over the whole table as they joined over two years.

### Referral tree (server/network/tree.ts)

Each call runs as the app does: \`withTenant\` (role fenxiao_app, \`app.tenant_id\` set,
row-level security forced) around the service. "Transaction" is the whole call (begin,
set_config, the service, commit); "service" is the service alone inside the open transaction.
Milliseconds; calls one after another after a warm-up (the chain: ${r.chainWarmup.toLocaleString("en")} calls, as long as
V8 takes to tier the code up in a running app); results checked against the generated tree.
A transaction is at least four round trips (BEGIN; set_config; the service; COMMIT), so read its
tail against the \`select 1\` round trip above.

The figure in bold is the one the target is judged on. The team reads are requests of their own,
so they are judged as whole transactions. The commission chain is judged on the service: the app
resolves it inside a transaction that is already open (order ingest writes the order and its
commission lines in the same transaction; the detail page reads it with the rest of the page), so
BEGIN, set_config and COMMIT are paid once for the whole unit of work, not for the chain.

| call | transaction p50 | p95 | p99 | service p50 | service p99 | target (p99) | |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

${
  h
    ? `## Short-link redirect (GET /s/<code>)

\`npm start\` (production build; server/http/main.ts answers /s/ from node:http ahead of Next) with
WEB_CONCURRENCY=${h.workers} worker process${h.workers === 1 ? "" : "es"} on 127.0.0.1, autocannon with ${h.connections} connections, not following
redirects, each request a random one of ${h.links} links, no cookie and a random X-Forwarded-For (a new
visitor each time), after a 5 s warm-up that also sizes the run: a fixed number of requests, all
answered, so every 302 can be matched to a click row.

| | |
| --- | --- |
| requests | ${h.requests.toLocaleString("en")} in ${h.seconds.toFixed(1)} s |
| requests/s | **${h.rps.toFixed(0)}** (target ≥ 1,000: ${verdict(h.rps >= 1000)}) |
| latency p50 / p99 | ${h.p50} ms / ${h.p99} ms |
| 302 responses | ${h.status302.toLocaleString("en")} |
| non-3xx responses / socket errors | ${h.non3xx} / ${h.errors} |
| link_clicks rows added | ${h.clicksAdded.toLocaleString("en")} (${h.clicksAdded === h.status302 ? "= 302 responses" : "**≠ 302 responses**"}; ${h.clickErrorsLogged} "click not recorded" in the server log) |
`
    : "The short-link redirect was skipped (--no-http).\n"
}
### Reproduce

\`\`\`sh
npm run bench:network                 # builds, then everything (about 5 minutes on 2 cores)
npm run bench:network -- --skip-build # reuse the existing .next build
npm run bench:network -- --no-http    # tree services only
npm run bench:network -- --skip-build --workers 1  # the redirect with one server process
npm run bench:network -- --size 5000 --team 1000 --out /tmp/bench.md  # quick check
\`\`\`

DATABASE_URL names the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres);
the run creates \`fenxiao_bench_<random>\` there and drops it afterwards unless \`--keep\`.
`;
}

function countTeam(shape: TreeShape) {
  let n = 0;
  for (let i = 0; i < shape.parent.length; i++) {
    for (let p = shape.parent[i]!; p >= 0; p = shape.parent[p]!) {
      if (p === shape.cityPartner) {
        n++;
        break;
      }
    }
  }
  return n;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
