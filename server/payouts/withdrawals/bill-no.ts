/** Out-bill numbers: fixed once per withdrawal, random so they reveal no volume. Pure. */
import { randomBytes } from "node:crypto";

// Crockford base32: no I, L, O, U, so a number read out over the phone cannot be mistyped.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * `W` + yyyymmdd (brand clock) + 10 base32 characters (50 random bits): at most 32 characters
 * and ASCII letters and digits only, which WeChat's out_bill_no, Alipay's out_biz_no and bank
 * batch files all accept.
 */
export function newOutBillNo(at: Date = new Date()): string {
  const day = new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
  const bytes = randomBytes(10);
  let tail = "";
  for (const b of bytes) tail += ALPHABET[b & 31];
  return `W${day}${tail}`;
}
