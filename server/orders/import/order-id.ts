/**
 * Identifiers (order numbers, SKUs, item ids) that spreadsheets damage. A Taobao order number
 * has 18–19 digits; Excel keeps 15 significant digits of a number and shows long ones in
 * scientific notation, so a file saved through Excel may hold "1.23457E+17".
 *
 * What can be rebuilt and what cannot:
 * - Text in scientific notation whose mantissa carries every digit ("1.23456789012345678E+17",
 *   18 digits for an 18-digit number) is expanded exactly.
 * - Text whose mantissa is shorter than the number ("1.23457E+17") lost its trailing digits
 *   when it was written; no reader can get them back → reported, never padded with zeros.
 * - An XLSX numeric cell is a double: integers up to 2^53 − 1 (16 digits) are exact; above
 *   that the digits are already gone (exceljs parses the XML text with parseFloat, and Excel
 *   itself stores at most 15 significant digits) → reported.
 * - A number Excel already rounded to 15 digits and wrote back as plain digits
 *   ("123456789012345000") is indistinguishable from a real one: only the brand can tell, by
 *   exporting as text. Nothing here can detect it.
 */
import { cleanCell, numberText, toHalfWidth, type RawCell } from "./cell-text";

export type CodeResult =
  | { ok: true; value: string }
  | { ok: false; key: "scientific" | "precisionLost" | "invalid" | "missing"; value: string };

// Excel's own display form: one leading digit, "E+", a two-digit (or longer) exponent. Codes
// like "12E3" are left alone: they are real SKUs far more often than damaged numbers.
const SCIENTIFIC = /^(\d)(?:\.(\d+))?E\+(\d{2,})$/i;

/** Expands exact scientific notation; null when the digits are not all there. */
export function expandScientific(text: string): string | null {
  const m = SCIENTIFIC.exec(text);
  if (!m) return null;
  const whole = m[1] ?? "";
  const exponent = Number(m[3]);
  // Trailing zeros past the exponent are exact ("1.20E+1" is 12), so they may go.
  let fraction = m[2] ?? "";
  if (fraction.length > exponent) {
    if (/[1-9]/.test(fraction.slice(exponent))) return null;
    fraction = fraction.slice(0, exponent);
  }
  if (fraction.length < exponent) return null;
  return (whole + fraction).replace(/^0+(?=\d)/, "");
}

/**
 * A code cell as text: wrappers and spaces stripped, full-width digits and letters made ASCII,
 * scientific notation expanded when exact and reported when not.
 */
export function parseCode(cell: RawCell): CodeResult {
  if (typeof cell === "number") {
    const shown = numberText(cell);
    if (!Number.isInteger(cell)) return { ok: false, key: "invalid", value: shown };
    if (!Number.isSafeInteger(cell)) return { ok: false, key: "precisionLost", value: shown };
    return { ok: true, value: shown };
  }
  if (cell === null || cell instanceof Date || typeof cell === "boolean") {
    return cell === null
      ? { ok: false, key: "missing", value: "" }
      : { ok: false, key: "invalid", value: String(cell) };
  }
  const text = toHalfWidth(cleanCell(cell)).replace(/\s+/g, " ").trim();
  if (text === "") return { ok: false, key: "missing", value: "" };
  if (SCIENTIFIC.test(text)) {
    const expanded = expandScientific(text);
    return expanded === null
      ? { ok: false, key: "scientific", value: text }
      : { ok: true, value: expanded };
  }
  return { ok: true, value: text };
}

// Platform order numbers: digits, PDD's "YYMMDD-digits", letters in hand-made exports.
const ORDER_ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/;

/** An order number: a code without spaces or other punctuation. */
export function parseOrderId(cell: RawCell): CodeResult {
  const r = parseCode(cell);
  if (!r.ok) return r;
  return ORDER_ID.test(r.value) ? r : { ok: false, key: "invalid", value: r.value };
}
