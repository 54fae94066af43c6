/**
 * Reproducible "random" data: the demo brand and the benchmark tree are the same on every run.
 * Never for secrets or codes people rely on — server/shared/crypto.ts is for those.
 */
import { CODE_ALPHABET } from "./crypto";

/** mulberry32: small, fast, good enough for generated data. Returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A referral-style code drawn from `random`, in the same alphabet as randomCode. */
export function seededCode(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  return out;
}
