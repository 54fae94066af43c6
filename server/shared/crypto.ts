/** Keyed hashing and random tokens. Raw identifiers and secrets are never stored. */
import crypto from "node:crypto";
import { env } from "@/server/env";

/** HMAC-SHA256 with the deployment's FENXIAO_HASH_KEY: searchable, not reversible. */
export function keyedHash(value: string, purpose: string): string {
  return crypto
    .createHmac("sha256", env.FENXIAO_HASH_KEY)
    .update(`${purpose}\u0000${value}`)
    .digest("base64url");
}

/** Plain SHA-256, for high-entropy secrets (API keys, session tokens) that need no key. */
export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("base64url");
}

/** URL-safe random token with `bytes` of entropy. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Letters and digits without look-alikes (0/O, 1/I), for codes people type. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** Random code from an alphabet without look-alike characters (for codes people type). */
export function randomCode(length: number, alphabet = CODE_ALPHABET) {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

export function timingSafeEqualStr(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
