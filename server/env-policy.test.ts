import { describe, expect, it } from "vitest";
import { DEV_PII_KEYRING, deploymentProblems, devDefaultSecret, isTestDeployment, parsePiiKeyring } from "./env-policy";

const real = {
  AUTH_SECRET: "x".repeat(40),
  FENXIAO_HASH_KEY: "y".repeat(40),
  APP_URL: "https://fx.example.com",
  PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
};
const e2e = {
  AUTH_SECRET: "e2e-auth-secret-not-for-production-0123456789",
  FENXIAO_HASH_KEY: "e2e-hash-key-not-for-production-0123456789ab",
};

describe("deploymentProblems", () => {
  it("refuses the published dev and test secrets in production", () => {
    for (const env of [
      { NODE_ENV: "production", ...real, FENXIAO_HASH_KEY: devDefaultSecret("FENXIAO_HASH_KEY") },
      { NODE_ENV: "production", ...real, AUTH_SECRET: devDefaultSecret("AUTH_SECRET") },
      { NODE_ENV: "production", ...e2e },
      { FENXIAO_ENV: "production", ...real, FENXIAO_HASH_KEY: "ci-hash-key-not-for-production-0123456789abc" },
    ]) {
      expect(deploymentProblems(env).join(" ")).toMatch(/published/);
    }
    expect(deploymentProblems({ NODE_ENV: "production", ...real })).toEqual([]);
  });

  it("requires APP_URL in production, and only there", () => {
    const { APP_URL: _, ...noUrl } = real;
    expect(deploymentProblems({ NODE_ENV: "production", ...noUrl }).join()).toMatch(/APP_URL must be set in production/);
    expect(deploymentProblems({ NODE_ENV: "development", ...noUrl })).toEqual([]);
    expect(deploymentProblems({ NODE_ENV: "production", FENXIAO_ENV: "test", FENXIAO_ALLOW_TEST_FEATURES: "1", ...e2e })).toEqual([]);
  });

  it("requires a PII keyring of its own in production, not the published development key", () => {
    const { PII_ENCRYPTION_KEYS: _, ...noKeys } = real;
    expect(deploymentProblems({ NODE_ENV: "production", ...noKeys }).join()).toMatch(/PII_ENCRYPTION_KEYS must be set/);
    expect(deploymentProblems({ NODE_ENV: "production", ...real, PII_ENCRYPTION_KEYS: `${real.PII_ENCRYPTION_KEYS},${DEV_PII_KEYRING}` }).join()).toMatch(
      /published development key/,
    );
    expect(deploymentProblems({ NODE_ENV: "development", ...noKeys })).toEqual([]);
  });

  it("parses a keyring: the first key is current; malformed ids, wrong lengths and duplicates are refused", () => {
    const k = (n: number) => Buffer.alloc(32, n).toString("base64");
    const ring = parsePiiKeyring(`k2:${k(2)}, k1:${k(1)}`);
    expect(ring.ok && ring.keys.map((x) => x.id)).toEqual(["k2", "k1"]);
    expect(ring.ok && ring.keys[0]!.key.equals(Buffer.alloc(32, 2))).toBe(true);
    const problem = (text: string) => {
      const r = parsePiiKeyring(text);
      return r.ok ? null : r.problem;
    };
    expect(problem(`k1:${Buffer.alloc(16).toString("base64")}`)).toMatch(/16 bytes/);
    expect(problem(`k1:${k(1)},k1:${k(3)}`)).toMatch(/twice/);
    expect(parsePiiKeyring(`bad id:${k(1)}`)).toMatchObject({ ok: false });
    expect(parsePiiKeyring("")).toMatchObject({ ok: false });
    // The problem never repeats key material.
    const bad = parsePiiKeyring(`k1:${Buffer.alloc(31, 9).toString("base64")}`);
    expect(!bad.ok && bad.problem).not.toContain(Buffer.alloc(31, 9).toString("base64"));
    expect(parsePiiKeyring(DEV_PII_KEYRING).ok).toBe(true);
  });

  it("refuses the demo seed in production", () => {
    expect(deploymentProblems({ NODE_ENV: "production", ...real, DEMO_SEED: "1" }).join()).toMatch(/DEMO_SEED/);
  });

  it("does not honour FENXIAO_ENV=test in a production build without the explicit opt-in", () => {
    expect(deploymentProblems({ NODE_ENV: "production", FENXIAO_ENV: "test", ...e2e }).join()).toMatch(
      /FENXIAO_ALLOW_TEST_FEATURES=1/,
    );
    expect(deploymentProblems({ NODE_ENV: "production", FENXIAO_ENV: "development", FENXIAO_ALLOW_TEST_FEATURES: "1", ...e2e })).not.toEqual([]);
    expect(isTestDeployment({ NODE_ENV: "production", FENXIAO_ENV: "test" })).toBe(false);
  });

  it("runs an opted-in test deployment only with secrets of its own", () => {
    const optIn = { NODE_ENV: "production", FENXIAO_ENV: "test", FENXIAO_ALLOW_TEST_FEATURES: "1" };
    expect(deploymentProblems({ ...optIn, ...e2e })).toEqual([]);
    expect(isTestDeployment({ ...optIn, ...e2e })).toBe(true);
    expect(deploymentProblems(optIn)).toHaveLength(2);
    expect(deploymentProblems({ ...optIn, ...e2e, AUTH_SECRET: devDefaultSecret("AUTH_SECRET") }).join()).toMatch(/AUTH_SECRET/);
  });

  it("leaves development, tests and the build alone", () => {
    expect(deploymentProblems({ NODE_ENV: "development" })).toEqual([]);
    expect(deploymentProblems({ NODE_ENV: "test" })).toEqual([]);
    expect(deploymentProblems({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build", FENXIAO_ENV: "test" })).toEqual([]);
  });
});
