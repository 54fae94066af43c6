/**
 * `npm start`: the production server. Next serves every page and API; GET /s/<code> is
 * answered before Next's pipeline (server/http/short-links.ts), and so are /api/v1 and
 * /docs/api (the REST app, server/rest/mount.ts). WEB_CONCURRENCY > 1 runs that
 * many worker processes sharing the port (node:cluster), one per core is the usual choice; it
 * needs DATABASE_URL, because the embedded database belongs to one process.
 *
 * Arguments as `next start`: -p/--port (else PORT, else 3000), -H/--hostname (else HOSTNAME).
 *
 * package.json starts it with --max-old-space-size=1024. Without a limit under 2 GB, V8 lets the
 * heap grow to about 4× what survived the last full collection before collecting again (1.2 GB
 * RSS on bench:ingest for a ~200 MB live heap); under 1 GB it grows 1.6× (peak RSS under 550 MB,
 * same throughput). The limit itself leaves five times the live heap.
 */
import { fork as forkChild } from "node:child_process";
import cluster from "node:cluster";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";

// tsx turns Node's source maps on for the whole process, so every module loaded after it has its
// map read, parsed and kept: the build's server chunks alone held 135 MB of a 265 MB live heap.
// `next start` runs without them; stack traces in our .ts files then read file:1:column (tsx
// emits one line). Start node with --enable-source-maps to keep them, at that memory.
const sourceMapsWanted = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--enable-source-maps");
if (!sourceMapsWanted) process.setSourceMapsEnabled(false);

// As `next start`: a production server, with .env files loaded before anything reads them.
Object.assign(process.env, { NODE_ENV: "production" });
nextEnv.loadEnvConfig(process.cwd(), false);

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number.parseInt(args.port ?? process.env.PORT ?? "3000", 10);
const hostname = args.hostname ?? process.env.HOSTNAME ?? undefined;
// As `next start` does: links built without a request (banners) use the port really served.
process.env.PORT = String(port);

async function primary(workers: number) {
  // Migrate and seed once, before the workers, so they do not race each other doing it; in a
  // process of its own, as the primary lives as long as the server and would otherwise keep the
  // app's modules (about 150 MB) for nothing. Not a cluster worker: worker 1 runs the sweeper.
  const migrated = await new Promise<number>((resolve) => {
    forkChild(process.argv[1]!, process.argv.slice(2), { env: { ...process.env, FENXIAO_MIGRATE_ONLY: "1" } })
      .once("error", () => resolve(1))
      .once("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
  if (migrated !== 0) {
    console.error("fenxiao: migrating the database failed; not starting workers");
    process.exitCode = 1;
    return;
  }
  console.log(`fenxiao: starting ${workers} workers on port ${port}`);
  let stopping = false;
  const fork = () => cluster.fork();
  const listening = new WeakSet<object>();
  cluster.on("listening", (worker) => listening.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!listening.has(worker)) {
      // It died while starting (no build, bad configuration): restarting would only loop.
      console.error(`fenxiao: worker ${worker.process.pid} failed to start (${signal ?? code}); stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      process.exitCode = 1;
      return;
    }
    console.error(`fenxiao: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < workers; i++) fork();
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** The primary's child: migrate (and seed), then exit. */
async function migrateOnly() {
  const { appDatabase } = await import("@/server/db");
  await (await appDatabase()).close();
  process.exit(0);
}

async function serve() {
  const { default: next } = await import("next");
  const { appDatabase } = await import("@/server/db");
  const { serveShortLink, shortLinkTarget } = await import("./short-links");
  const { isRestPath, nodeRestListener } = await import("@/server/rest/mount");
  const { installFrontDoor } = await import("./client-ip");
  const { warnOnForeignHost } = await import("@/server/shared/app-url");

  const app = next({ dev: false, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const database = await appDatabase();
  const rest = nodeRestListener(database);

  const server = createServer((req, res) => {
    warnOnForeignHost(req.headers.host);
    const target = shortLinkTarget(req.method, req.url);
    if (target) void serveShortLink(database.db, req, res, target);
    else if (isRestPath(req.url)) void rest(req, res);
    else void handle(req, res);
  });
  // Before any handler: the client's address from the socket, never from a forgeable header.
  installFrontDoor(server);
  // Next logs uncaught exceptions without exiting, so a port that cannot be bound must end the
  // process here, or it would keep running without serving anything.
  server.once("error", (e) => {
    console.error(`fenxiao: cannot listen on ${hostname ?? "*"}:${port}:`, e.message);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    const who = cluster.isPrimary ? "" : ` (worker ${process.pid})`;
    console.log(`fenxiao: ready on http://${hostname ?? "localhost"}:${port}${who}`);
  });

  // Finish what is in flight and close the database (PGlite writes its files on close).
  const stop = () => {
    server.close(() => void database.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function main() {
  if (process.env.FENXIAO_MIGRATE_ONLY === "1") return migrateOnly();
  const { env } = await import("@/server/env");
  console.log(
    env.APP_URL
      ? `fenxiao: links, QR codes and posters use APP_URL ${env.APP_URL}`
      : "fenxiao: APP_URL is not set; links, QR codes and posters use the host each request arrives on",
  );
  const workers = env.WEB_CONCURRENCY;
  if (workers > 1 && !env.DATABASE_URL) {
    throw new Error("WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database belongs to one process.");
  }
  if (workers > 1 && cluster.isPrimary) await primary(workers);
  else await serve();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
