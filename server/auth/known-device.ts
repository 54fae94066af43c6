/**
 * A browser that has signed in to a staff account before carries a cookie naming that account
 * (keyed hash, so it cannot be forged or moved to another account). While the account is under
 * attack, sign-in from a known device is slowed instead of refused (server/auth/staff-auth.ts).
 */
import { randomToken, keyedHash, timingSafeEqualStr } from "@/server/shared/crypto";

export const KNOWN_DEVICE_COOKIE = "fx_sdev";
export const KNOWN_DEVICE_MAX_AGE = 180 * 86400;

const mac = (email: string, nonce: string) =>
  keyedHash(`${email.trim().toLowerCase()}\u0000${nonce}`, "staff-known-device");

/** A fresh cookie value for `email`. */
export function knownDeviceToken(email: string): string {
  const nonce = randomToken(12);
  return `${nonce}.${mac(email, nonce)}`;
}

export function isKnownDevice(token: string | null | undefined, email: string): boolean {
  if (!token) return false;
  const dot = token.indexOf(".");
  if (dot <= 0) return false;
  return timingSafeEqualStr(token.slice(dot + 1), mac(email, token.slice(0, dot)));
}
