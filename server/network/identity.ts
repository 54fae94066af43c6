/**
 * Identities (OneID) as stored: a keyed hash for lookup and a masked value for display. Pure
 * apart from the hash key; phone numbers share the portal's phoneHash so they always match.
 */
import { z } from "zod";
import { IDENTITY_KINDS, type IdentityKind } from "@/db/kinds";
import { maskPhone, normalisePhone, phoneHash } from "@/server/portal/phone";
import { keyedHash } from "@/server/shared/crypto";

export { IDENTITY_KINDS, type IdentityKind };

export const identityInputSchema = z.object({
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().trim().min(1).max(200),
});
export type IdentityInput = z.infer<typeof identityInputSchema> & {
  /** Proven by the person (SMS code, OAuth), so it may merge two members into one. */
  verified?: boolean;
};

/** Canonical form: phones as 11 digits, emails lower-case, platform ids as given. */
export function normaliseIdentity(kind: IdentityKind, value: string): string {
  const v = value.trim();
  if (kind === "phone") return normalisePhone(v) ?? v;
  if (kind === "email") return v.toLowerCase();
  return v;
}

export function identityHash(kind: IdentityKind, value: string): string {
  return kind === "phone"
    ? phoneHash(value)
    : keyedHash(normaliseIdentity(kind, value), `identity:${kind}`);
}

/** Enough to recognise, never enough to use: 138****8000, a***@qq.com, wx_…9f. */
export function maskIdentity(kind: IdentityKind, value: string): string {
  const v = normaliseIdentity(kind, value);
  if (kind === "phone") return maskPhone(v);
  if (kind === "email") {
    const [user = "", domain = ""] = v.split("@");
    return `${user.slice(0, 1)}***@${domain}`;
  }
  if (v.length <= 4) return "*".repeat(v.length);
  return `${v.slice(0, 2)}…${v.slice(-2)}`;
}
