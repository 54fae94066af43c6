/**
 * Text clean-up shared by headers, statuses and values. Marketplace exports (and Excel round
 * trips) wrap values to keep Excel from turning them into numbers: a leading `'`, `="…"`, a
 * tab before or after the digits (Douyin). People also type full-width digits and punctuation
 * (`１２３`, `，`, `（元）`) that must compare equal to their ASCII forms.
 */

/** A cell as a reader produced it: CSV gives strings; XLSX also numbers, dates and booleans. */
export type RawCell = string | number | boolean | Date | null;

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space → their half-width forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

// Tabs, NBSP, zero-width characters and the BOM are noise in every cell.
const INVISIBLE = /[\t\u00A0\u200B-\u200D\u2060\uFEFF]/g;

/**
 * A cell's text without the wrappers exports use to force text: `="123"`, a leading `'`,
 * tabs anywhere, surrounding whitespace. Does NOT convert full-width characters: names and
 * titles keep what the buyer typed; numeric parsers convert on their own.
 */
export function cleanCell(s: string): string {
  let t = s.replace(INVISIBLE, " ").trim();
  const formula = /^=\s*"(.*)"$/s.exec(t);
  if (formula) t = (formula[1] ?? "").replace(/""/g, '"').trim();
  if (t.startsWith("'") || t.startsWith("\u2018") || t.startsWith("\u2019")) t = t.slice(1).trim();
  return t;
}

/**
 * The comparison key of a header or a status label: BOM, quotes and wrappers stripped,
 * full-width → half-width (so `，` = `,` and `（元）` = `(元)`), every space removed (exports
 * disagree on `买家已付款, 等待卖家发货` vs `买家已付款,等待卖家发货` and add trailing spaces to
 * headers), lower-cased for the few Latin headers (`SKU ID`).
 */
export function labelKey(s: string): string {
  return toHalfWidth(cleanCell(s)).replace(/["']/g, "").replace(/\s+/g, "").toLowerCase();
}

/** The cell as display text (for titles, names, remarks, and reporting the raw value). */
export function cellText(cell: RawCell): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cleanCell(cell);
  if (typeof cell === "number") return numberText(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return cell.toISOString();
}

/**
 * A number in plain decimal notation when that is exact: integers through BigInt (so 1e21
 * is not written as "1e+21"), others as JavaScript's shortest round-trip form.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

/** Empty, or one of the placeholders exports print for "no value". */
export function isBlank(text: string): boolean {
  return (
    text === "" || text === "-" || text === "--" || text === "—" || text === "/" || text === "null"
  );
}
