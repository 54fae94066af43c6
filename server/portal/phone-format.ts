/**
 * Mainland China mobile numbers: parsing and display. Pure (no server imports), so the
 * sign-in form can validate with the same rule the server enforces.
 */

/** 11 digits starting 1[3-9], after an optional +86 / 86 country code. */
const MAINLAND_MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;

/** The bare 11-digit number, or null when `input` is not a mainland mobile number. */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s-]/g, "");
  return MAINLAND_MOBILE.exec(compact)?.[1] ?? null;
}

export function isMainlandMobile(input: string): boolean {
  return normalisePhone(input) !== null;
}

/** "13800138000" → "138****8000": enough for the owner to recognise, not enough to dial. */
export function maskPhone(phone: string): string {
  const p = normalisePhone(phone) ?? phone;
  if (p.length < 8) return "*".repeat(p.length);
  return `${p.slice(0, 3)}${"*".repeat(p.length - 7)}${p.slice(-4)}`;
}
