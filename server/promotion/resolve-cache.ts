/**
 * A short, per-process memory of resolved codes for the redirect. A shared poster brings bursts
 * of clicks on one code; remembering the answer for a few seconds takes the resolver off the
 * hot path for them. The cost is that a change (a distributor frozen, a new landing URL) reaches
 * the redirect up to TTL later. Unknown codes are not remembered: a new link works at once.
 */
import type { Db } from "@/db/client";
import { resolveShortCode, type ResolvedShortCode } from "./short-links";

export const RESOLVE_TTL_MS = 15_000;
const MAX_ENTRIES = 20_000;

interface Entry {
  value: ResolvedShortCode;
  expires: number;
}
const caches = new WeakMap<Db, Map<string, Entry>>();

export async function resolveShortCodeCached(db: Db, code: string, now = Date.now()) {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, Entry>()));
  const key = code.trim().toUpperCase();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = await resolveShortCode(db, key);
  if (value) {
    // Map keeps insertion order: dropping the first key drops the oldest entry.
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.delete(key);
    cache.set(key, { value, expires: now + RESOLVE_TTL_MS });
  } else {
    cache.delete(key);
  }
  return value;
}
