/**
 * Phone numbers as identities. Every place that stores or looks up a phone (portal sign-in,
 * order ingest, OneID) hashes it with phoneHash, so the same number always meets itself.
 */
import { keyedHash } from "@/server/shared/crypto";
import { normalisePhone } from "./phone-format";

export { isMainlandMobile, maskPhone, normalisePhone } from "./phone-format";

/** Keyed hash of the normalised number; falls back to the trimmed input if it is not one. */
export function phoneHash(phone: string): string {
  return keyedHash(normalisePhone(phone) ?? phone.trim(), "phone");
}
