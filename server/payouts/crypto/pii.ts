/**
 * Sensitive personal information at rest (DOMAIN.md §5, PIPL): resident ID and bank card numbers.
 *
 * - Encrypted with AES-256-GCM under a keyring from PII_ENCRYPTION_KEYS (server/env.ts). Every
 *   value names the key that sealed it, `<keyId>:<base64(iv | tag | ciphertext)>`, so a new key
 *   can be put first while old values still decrypt, and `npm run cli -- pii:reencrypt` moves
 *   them (server/payouts/crypto/reencrypt.ts). A value always gets a fresh random IV, so equal
 *   numbers encrypt differently and cannot be matched by their ciphertext.
 * - Found by a keyed hash: HMAC-SHA256 under a key derived from FENXIAO_HASH_KEY, with the
 *   brand's tenant id in the message, so the same card in two brands gives two unrelated hashes.
 *   The hash key does not rotate with the encryption keys (lookups would break); it is not a
 *   key to the values, only to testing a guess, and the ID space is small enough that it must
 *   stay secret like the encryption keys.
 * - Shown only masked. Errors from here never contain a value or key material: they end up in
 *   logs.
 */
import crypto from "node:crypto";
import { env } from "@/server/env";
import { parsePiiKeyring, type PiiKey } from "@/server/env-policy";

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bound into every ciphertext, so a value sealed by another feature's AES-GCM does not open here. */
const AAD = Buffer.from("fenxiao-pii-v1");

export interface PiiCipher {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  encrypt(plain: string): string;
  decrypt(enc: string): string;
  /** The key id a stored value names (null: not one of ours). */
  keyIdOf(enc: string): string | null;
}

export function createPiiCipher(keyring: string | PiiKey[]): PiiCipher {
  let keys: PiiKey[];
  if (typeof keyring === "string") {
    const ring = parsePiiKeyring(keyring);
    if (!ring.ok) throw new Error(`PII keyring: ${ring.problem}`);
    keys = ring.keys;
  } else {
    keys = keyring;
  }
  const current = keys[0];
  if (!current) throw new Error("PII keyring: no keys");
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const keyIdOf = (enc: string) => {
    const i = enc.indexOf(":");
    return i > 0 ? enc.slice(0, i) : null;
  };
  return {
    currentKeyId: current.id,
    keyIdOf,
    encrypt(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(AAD);
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64")}`;
    },
    decrypt(enc) {
      const id = keyIdOf(enc);
      if (!id) throw new Error("PII value is malformed (no key id)");
      const key = byId.get(id);
      // The id is ours to print (it is not secret); the value is not.
      if (!key) throw new Error(`PII value is sealed with key "${id}", which is not in PII_ENCRYPTION_KEYS`);
      const raw = Buffer.from(enc.slice(id.length + 1), "base64");
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error("PII value is malformed (too short)");
      try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(AAD);
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw new Error(`PII value under key "${id}" failed authentication (tampered or a different key with that id)`);
      }
    },
  };
}

let fromEnv: PiiCipher | undefined;

/** The deployment's cipher (PII_ENCRYPTION_KEYS), built once. */
export function appPiiCipher(): PiiCipher {
  return (fromEnv ??= createPiiCipher(env.PII_ENCRYPTION_KEYS));
}

export function encryptPii(plain: string): string {
  return appPiiCipher().encrypt(plain);
}

export function decryptPii(enc: string): string {
  return appPiiCipher().decrypt(enc);
}

let hashKey: Buffer | undefined;

/**
 * The lookup hash of a value in one brand. Callers hash the normalised form (digits, upper-case
 * X) so "1101 05…" and "110105…" find the same row.
 */
export function piiHash(tenantId: string, plain: string): string {
  hashKey ??= crypto.createHash("sha256").update(`fenxiao-pii-hash\u0000${env.FENXIAO_HASH_KEY}`).digest();
  return crypto.createHmac("sha256", hashKey).update(`${tenantId.toLowerCase()}\u0000${plain}`).digest("base64url");
}

/** `110105********002X`: the region code and the last four stay, the birth date never shows. */
export function maskIdNumber(id: string): string {
  const v = id.replace(/\s+/g, "").toUpperCase();
  if (v.length <= 10) return "*".repeat(v.length);
  return `${v.slice(0, 6)}${"*".repeat(v.length - 10)}${v.slice(-4)}`;
}

/** `**** 1111`: the last four digits only, whatever the card's length. */
export function maskCard(card: string): string {
  const digits = card.replace(/\D/g, "");
  return `**** ${digits.slice(-4)}`;
}
