/**
 * `npm start` (a production build, NODE_ENV=production) refuses to start with published
 * secrets or with dev features that were not explicitly opted into; it fails before it opens
 * a database or binds a port.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function start(extra: Record<string, string>) {
  const { DATABASE_URL: _d, TEST_DATABASE_URL: _t, FENXIAO_ENV: _f, ...inherited } = process.env;
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/http/main.ts", "-p", "0"], {
    cwd: root,
    env: { ...inherited, PGLITE_DIR: "memory://", ...extra },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const own = { AUTH_SECRET: "a".repeat(40), FENXIAO_HASH_KEY: "b".repeat(40) };

describe("npm start refuses unsafe deployments", () => {
  it("in production, with the published dev hash key", () => {
    const r = start({ ...own, FENXIAO_HASH_KEY: "dev-only-fenxiao_hash_key-not-secret" });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/Refusing to start[\s\S]*FENXIAO_HASH_KEY is a published/);
  });

  it("in production, without APP_URL (links would follow a forgeable Host header)", () => {
    const r = start({ ...own, APP_URL: "" });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/Refusing to start[\s\S]*APP_URL must be set in production/);
  });

  it("as FENXIAO_ENV=test without FENXIAO_ALLOW_TEST_FEATURES=1 (dev secrets, demo seed, /dev/sms)", () => {
    const r = start({ FENXIAO_ENV: "test" });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/FENXIAO_ALLOW_TEST_FEATURES=1/);
  });
});
