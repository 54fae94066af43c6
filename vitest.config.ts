import path from "node:path";
import { defineConfig } from "vitest/config";

// Files that replace a module (vi.mock) or the environment for themselves: they need a fresh
// module graph of their own. Every other file shares its worker's modules with the files before it.
export const ISOLATED = [
  "server/http/same-origin.test.ts",
  "server/notify/sms-dispatch.test.ts",
  "server/payouts/withdrawals/approved-event.test.ts",
  "server/shared/app-url.test.ts",
];
const EXCLUDE = ["e2e/**", "node_modules/**", ".next/**", ".data/**", ".data-*/**"];

// Integration tests use PGlite in memory by default; with TEST_DATABASE_URL set, the global
// setup creates (and afterwards drops) a fresh Postgres database for this run.
export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
  },
  test: {
    environment: "node",
    globalSetup: ["db/testing/global-setup.ts"],
    // Opening and migrating a PGlite instance takes a second or two per file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Processes (not threads): PGlite's WASM heap and postgres-js sockets stay per file.
    pool: "forks",
    // The CI machine has two cores.
    maxWorkers: 2,
    projects: [
      // Evaluating the app's modules again for every file was a third of the suite's time
      // (import 277 s of 866 s on PGlite, more than the tests themselves on Postgres). The code
      // under test keeps no state across files that a test depends on: each file opens its own
      // database and brand.
      // (A project's include and exclude extend the root's, so the root names no files.)
      { extends: true, test: { name: "shared", isolate: false, include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...ISOLATED] } },
      { extends: true, test: { name: "isolated", include: ISOLATED } },
    ],
  },
});
