/**
 * Checks on identity details (DOMAIN.md §5). Pure: no database, no environment.
 *
 * - Resident ID (GB 11643-1999): 17 digits and a check character. Weights 7 9 10 5 8 4 2 1 6 3
 *   7 9 10 5 8 4 2 over the first 17 digits, sum mod 11 indexes `1 0 X 9 8 7 6 5 4 3 2`; digits
 *   7–14 are the birth date, which must be a real calendar date and not in the future.
 * - Bank card: Luhn. Some domestic cards do not carry a Luhn check digit, so a failure is a
 *   warning the distributor sees, never a refusal.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = "10X98765432";

export type IdNumberProblem = "format" | "birthDate" | "checksum";

export type IdNumberCheck =
  | { ok: true; idNumber: string; birthDate: string }
  | { ok: false; problem: IdNumberProblem };

/** Spaces removed and a lower-case x raised: the form people type is not the stored form. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

/** The GB 11643 check character of the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** `today` is a YYYY-MM-DD date (the caller's clock, so tests pin it). */
export function checkIdNumber(raw: string, today: string = new Date().toISOString().slice(0, 10)): IdNumberCheck {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: "format" };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // Date.UTC rolls 1949-02-30 over to March: a real date reads back unchanged. GB 11643 numbers
  // began with people born in the 19th century, so an earlier year is a typo.
  const real = y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!real || birthDate > today) return { ok: false, problem: "birthDate" };
  if (idCheckCharacter(id) !== id[17]) return { ok: false, problem: "checksum" };
  return { ok: true, idNumber: id, birthDate };
}

/** Luhn (ISO/IEC 7812) over a string of digits. */
export function luhnOk(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

export type CardCheck = { ok: true; card: string; luhnOk: boolean } | { ok: false; problem: "format" };

/** A bank card number: 12–19 digits once spaces and dashes are removed; Luhn only warns. */
export function checkBankCard(raw: string): CardCheck {
  const card = raw.replace(/[\s-]+/g, "");
  if (!/^\d{12,19}$/.test(card)) return { ok: false, problem: "format" };
  return { ok: true, card, luhnOk: luhnOk(card) };
}

/** A mainland mobile number (11 digits from 13x to 19x), with an optional +86. */
export function normalizeMobile(raw: string): string | null {
  const v = raw.replace(/[\s-]+/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(v) ? v : null;
}

/**
 * A legal name as on the ID card: Chinese names (with the middle dot of ethnic-minority names)
 * or Latin letters for foreigners' permits. No digits: a number here is a mistake.
 */
export function normalizeRealName(raw: string): string | null {
  const v = raw.trim().replace(/\s+/g, " ").replace(/[.．•]/g, "·");
  if (v.length < 2 || v.length > 40) return null;
  return /^[\p{Script=Han}A-Za-z·' -]+$/u.test(v) ? v : null;
}

/** An Alipay login: a mainland mobile number or an email address. */
export function normalizeAlipayAccount(raw: string): string | null {
  const v = raw.trim();
  const mobile = normalizeMobile(v);
  if (mobile) return mobile;
  return /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(v) && v.length <= 100 ? v.toLowerCase() : null;
}
