/**
 * Buyer identities and referral codes found in an export row. Platforms mask most buyer data
 * (138****0000, t**1): a masked value names nobody and is never an identity.
 */
import { cellText, isBlank, toHalfWidth, type RawCell } from "./cell-text";

const MASK = /[*＊●•]/;

export type PhoneResult =
  { kind: "phone"; value: string } | { kind: "masked" } | { kind: "invalid"; value: string } | null;

/** A mainland mobile number (11 digits, optional +86 / 86 / 0086), or why the cell is not one. */
export function cellPhone(cell: RawCell): PhoneResult {
  const text = cellText(cell);
  if (isBlank(text)) return null;
  if (MASK.test(text)) return { kind: "masked" };
  const digits = toHalfWidth(text)
    .replace(/[\s()-]/g, "")
    .replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(digits)
    ? { kind: "phone", value: digits }
    : { kind: "invalid", value: text };
}

/** A marketplace account name (买家会员名, 下单帐号) unless blank or masked. */
export function cellAccount(cell: RawCell): string | null {
  const text = cellText(cell);
  return isBlank(text) || MASK.test(text) ? null : text;
}

/**
 * Referral codes people write into remarks: "fx:ABC123", "推荐码ABC123", "邀请码：abc123".
 * The code is letters and digits; the result is upper-cased like the codes Fenxiao issues.
 */
export const DEFAULT_REFERRAL_PATTERN =
  /(?:\bfx\s*[:：]|推荐码|邀请码|分销码)\s*[:：]?\s*([A-Za-z0-9]{4,16})/i;

export function referralFromText(
  text: string,
  pattern: RegExp = DEFAULT_REFERRAL_PATTERN,
): string | null {
  const m = pattern.exec(toHalfWidth(text));
  const code = m?.[1];
  return code ? code.toUpperCase() : null;
}

/** A referral-code column: the code as written, upper-cased, or null when blank. */
export function cellReferral(cell: RawCell): string | null {
  const text = toHalfWidth(cellText(cell)).replace(/\s+/g, "");
  return isBlank(text) ? null : text.toUpperCase();
}
