/**
 * Short-lived signed links to private objects (ID photos): `/media/<key>?exp=<unix s>&sig=<mac>`.
 * Whoever holds the link may read that one object until `exp`, without a staff session: that is
 * how a distributor sees their own photo and how a payout reviewer's page shows it. The MAC
 * binds the key and the expiry (HMAC under FENXIAO_HASH_KEY, purpose "media-url"), so neither
 * can be changed; a leaked link dies within minutes.
 */
import { keyedHash, timingSafeEqualStr } from "@/server/shared/crypto";
import { mediaUrl, parseObjectKey } from "./keys";

/** Long enough to open a page and look, short enough that a copied link is soon useless. */
export const SIGNED_URL_SECONDS = 300;

const mac = (key: string, exp: number) => keyedHash(`${key}\n${exp}`, "media-url");

export function signedMediaUrl(key: string, now: Date = new Date(), ttlSeconds = SIGNED_URL_SECONDS): string {
  if (!parseObjectKey(key)) throw new Error("signedMediaUrl: malformed key");
  const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return `${mediaUrl(key)}?exp=${exp}&sig=${mac(key, exp)}`;
}

/** True when `params` carry an unexpired signature for exactly this key. */
export function validMediaSignature(key: string, params: URLSearchParams | null | undefined, now: Date = new Date()): boolean {
  const exp = Number(params?.get("exp"));
  const sig = params?.get("sig");
  if (!sig || !Number.isSafeInteger(exp)) return false;
  if (exp < Math.floor(now.getTime() / 1000)) return false;
  return timingSafeEqualStr(sig, mac(key, exp));
}
