/**
 * Yuan ⇄ fen as strings, so no floating point ever touches a price. Pure: safe in the browser.
 * Accepts "12", "12.3", "12.30", "0.05", "¥1,299.00" (currency sign and thousands separators
 * are ignored); refuses more than two decimals, signs and anything else.
 */
const YUAN = /^(\d{1,13})(?:\.(\d{0,2}))?$/;

/** Largest price accepted: ¥10,000,000,000.00 (well inside Number.MAX_SAFE_INTEGER fen). */
export const MAX_PRICE_FEN = 1_000_000_000_000;

export function yuanToFen(input: string): number | null {
  const s = input
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/,(?=\d{3}(?:\D|$))/g, "");
  const m = YUAN.exec(s);
  if (!m) return null;
  const fen = Number(m[1]!) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return fen <= MAX_PRICE_FEN ? fen : null;
}

/** "1234" → "12.34"; always two decimals, no separators (the form's input format). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a fen amount: ${fen}`);
  const s = String(fen).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
