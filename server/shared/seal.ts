/**
 * Reversible encryption for the few personal values the app must read back (a member's phone
 * for outcome SMS). AES-256-GCM under a key derived from FENXIAO_HASH_KEY; the purpose is bound
 * as associated data, so a value sealed for one use does not open for another.
 */
import crypto from "node:crypto";
import { env } from "@/server/env";

const VERSION = "v1";

function key(): Buffer {
  return crypto.createHash("sha256").update(`fenxiao-seal\u0000${env.FENXIAO_HASH_KEY}`).digest();
}

export function seal(value: string, purpose: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The sealed value, or null when it was tampered with, sealed for another purpose or key. */
export function unseal(sealed: string, purpose: string): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !body || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
