/**
 * What a deployment may not run with, decided from the raw environment before anything starts
 * (server/env.ts throws with these messages). Pure, so it is tested without a process.
 *
 * - A production deployment refuses the development defaults and every published test value
 *   of AUTH_SECRET / FENXIAO_HASH_KEY (they are in this repository), and the demo seed; it needs
 *   APP_URL, because a Host header is not to be trusted for the links it prints and shares.
 * - A production build (NODE_ENV=production) is a production deployment unless it is
 *   explicitly a test deployment: FENXIAO_ENV=test *and* FENXIAO_ALLOW_TEST_FEATURES=1, with
 *   its own secrets. Test deployments (CI, e2e) get the dev SMS outbox, /dev/sms and the demo
 *   brand; the start log says so loudly.
 */

import { createHash } from "node:crypto";

export type DeployEnv = "development" | "test" | "production";

export interface RawEnv {
  NODE_ENV?: string;
  NEXT_PHASE?: string;
  FENXIAO_ENV?: string;
  FENXIAO_ALLOW_TEST_FEATURES?: string;
  AUTH_SECRET?: string;
  FENXIAO_HASH_KEY?: string;
  DEMO_SEED?: string;
  APP_URL?: string;
  PII_ENCRYPTION_KEYS?: string;
}

/** The defaults server/env.ts uses outside production. */
export const devDefaultSecret = (name: string) => `dev-only-${name.toLowerCase()}-not-secret`;

/**
 * The keyring for ID and card numbers (server/payouts/crypto/pii.ts) outside production: one
 * published key, so development data survives restarts. Its bytes are SHA-256 of a published
 * phrase; production refuses any keyring that contains them.
 */
const DEV_PII_KEY = createHash("sha256").update("fenxiao dev-only pii key, not secret").digest();
export const DEV_PII_KEYRING = `dev:${DEV_PII_KEY.toString("base64")}`;

export interface PiiKey {
  id: string;
  key: Buffer;
}

/**
 * `PII_ENCRYPTION_KEYS`: `<id>:<base64 of 32 bytes>` separated by commas, the first the current
 * key (new values), the rest older keys still able to decrypt until `pii:reencrypt` moved their
 * values. Returns the keys or why the text is not a keyring (never echoing key material).
 */
export function parsePiiKeyring(text: string): { ok: true; keys: PiiKey[] } | { ok: false; problem: string } {
  const keys: PiiKey[] = [];
  for (const [i, part] of text.split(",").map((p) => p.trim()).entries()) {
    const m = /^([A-Za-z0-9_-]{1,16}):([A-Za-z0-9+/]+={0,2})$/.exec(part);
    if (!m) return { ok: false, problem: `entry ${i + 1} is not <id>:<base64 key> (id: letters, digits, - or _, at most 16)` };
    const key = Buffer.from(m[2]!, "base64");
    if (key.length !== 32) return { ok: false, problem: `key "${m[1]}" is ${key.length} bytes; AES-256 needs exactly 32` };
    if (keys.some((k) => k.id === m[1])) return { ok: false, problem: `key id "${m[1]}" appears twice` };
    keys.push({ id: m[1]!, key });
  }
  return { ok: true, keys };
}

/** Values that are published (defaults, CI, e2e, bench): fine for tests, never for production. */
export function isPublishedSecret(value: string): boolean {
  return /^dev-only-|not-for-production|not-secret/i.test(value);
}

export function deployEnvOf(e: RawEnv): string {
  return e.FENXIAO_ENV || (e.NODE_ENV === "production" ? "production" : "development");
}

export function isBuildPhase(e: RawEnv): boolean {
  return e.NEXT_PHASE === "phase-production-build";
}

/** True for a production build explicitly running as a test deployment. */
export function isTestDeployment(e: RawEnv): boolean {
  return e.NODE_ENV === "production" && deployEnvOf(e) === "test" && e.FENXIAO_ALLOW_TEST_FEATURES === "1";
}

/** Why this environment must not start (empty: it may). The build itself is not checked. */
export function deploymentProblems(e: RawEnv): string[] {
  if (isBuildPhase(e)) return [];
  const problems: string[] = [];
  const deployEnv = deployEnvOf(e);
  const secrets = ["AUTH_SECRET", "FENXIAO_HASH_KEY"] as const;
  if (deployEnv === "production") {
    for (const name of secrets) {
      const value = e[name];
      if (value && isPublishedSecret(value)) {
        problems.push(`${name} is a published development/test value; set a secret of your own (≥ 32 characters).`);
      }
    }
    if (!e.PII_ENCRYPTION_KEYS) {
      problems.push("PII_ENCRYPTION_KEYS must be set in production: <id>:<base64 of 32 random bytes> (e.g. k1:$(openssl rand -base64 32)).");
    } else {
      const ring = parsePiiKeyring(e.PII_ENCRYPTION_KEYS);
      if (ring.ok && ring.keys.some((k) => k.key.equals(DEV_PII_KEY))) {
        problems.push("PII_ENCRYPTION_KEYS contains the published development key; generate a key of your own.");
      }
    }
    if (e.DEMO_SEED === "1") problems.push("DEMO_SEED=1 is refused in production: it creates a brand with a published password.");
    if (!e.APP_URL) {
      problems.push("APP_URL must be set in production: the public address users open (every link, QR code and poster names it).");
    }
    return problems;
  }
  if (e.NODE_ENV === "production") {
    if (deployEnv !== "test" || e.FENXIAO_ALLOW_TEST_FEATURES !== "1") {
      problems.push(
        `FENXIAO_ENV=${deployEnv} is refused in a production build (NODE_ENV=production). ` +
          "Leave it unset for production; a test deployment (CI, e2e) needs FENXIAO_ENV=test and FENXIAO_ALLOW_TEST_FEATURES=1.",
      );
      return problems;
    }
    for (const name of secrets) {
      const value = e[name];
      if (!value || value === devDefaultSecret(name) || /^dev-only-/i.test(value)) {
        problems.push(`${name} must be set explicitly for a test deployment (not the development default).`);
      }
    }
  }
  return problems;
}

export const TEST_DEPLOYMENT_BANNER = [
  "",
  "  ************************************************************************",
  "  *  FENXIAO TEST DEPLOYMENT (FENXIAO_ENV=test, FENXIAO_ALLOW_TEST_FEATURES=1)",
  "  *  SMS codes go to the dev outbox and are readable at /dev/sms; the demo",
  "  *  brand has a published password. Never expose this server to users.",
  "  ************************************************************************",
  "",
].join("\n");
