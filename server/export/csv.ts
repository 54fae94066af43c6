/**
 * CSV for spreadsheets (RFC 4180, CRLF line ends). The byte-order mark makes Excel read the file
 * as UTF-8, so Chinese text opens correctly instead of as mojibake. Text that a spreadsheet would
 * run as a formula (=, +, -, @, tab, carriage return at the start) gets a leading apostrophe:
 * order numbers, names and SKUs come from outside the brand and must not become formulas
 * (CSV injection). Numbers written by the export itself are passed as numbers and left alone.
 */
export const UTF8_BOM = "\uFEFF";

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
