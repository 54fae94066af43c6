import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests use PGlite in memory by default; with TEST_DATABASE_URL set, the global
// setup creates (and afterwards drops) a fresh Postgres database for this run.
export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**", ".data/**", ".data-*/**"],
    globalSetup: ["db/testing/global-setup.ts"],
    // Opening and migrating a PGlite instance takes a second or two per file.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Processes (not threads): PGlite's WASM heap and postgres-js sockets stay per file.
    pool: "forks",
    // The CI machine has two cores.
    maxWorkers: 2,
  },
});
