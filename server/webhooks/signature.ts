/**
 * Webhook signatures (issue 11): `Fenxiao-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`,
 * where each v1 is HMAC-SHA256, keyed with the endpoint's secret (the whole `whsec_…` string as
 * UTF-8), over `${t}.${body}` (the raw request body). During a rotation's grace period a
 * request carries one v1 per valid secret, newest first, so a receiver holding either secret
 * verifies. A receiver should refuse a timestamp more than SIGNATURE_TOLERANCE_SECONDS from its
 * clock (replay protection) and compare in constant time.
 *
 * Pure (node:crypto only): the delivery worker signs with it and the docs show the same steps.
 */
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "Fenxiao-Signature";
/** Five minutes either way: what the docs tell receivers to accept. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header value for `body`, signed with every secret given (current first). */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  if (!secrets.length) throw new Error("webhook signature: no secret");
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signatureOf(s, timestamp, body)}`)].join(",");
}

export type VerifyResult = { ok: true } | { ok: false; reason: "malformed" | "stale" | "mismatch" };

/** What a receiver does; used by our tests' own checks and shown in the docs. */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  opts: { now?: number; toleranceSeconds?: number } = {},
): VerifyResult {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.split("=", 2).map((s) => s.trim());
    if (k === "t" && v && /^\d+$/.test(v)) t = Number(v);
    else if (k === "v1" && v) v1.push(v);
  }
  if (t === null || !v1.length) return { ok: false, reason: "malformed" };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signatureOf(secret, t, body), "hex");
  const match = v1.some((s) => {
    const got = Buffer.from(s, "hex");
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
  return match ? { ok: true } : { ok: false, reason: "mismatch" };
}
