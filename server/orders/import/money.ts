/**
 * Yuan amounts as exports print them → integer fen, exactly. The decimal string is split into
 * its integer and fraction digits and combined with BigInt: no floating point ever touches the
 * amount, so "0.29" is 29 fen and not 28.999….
 */
import { cellText, isBlank, toHalfWidth, type RawCell } from "./cell-text";

export type FenResult =
  | { ok: true; fen: number }
  | {
      ok: false;
      key: "amount.invalid" | "amount.tooPrecise" | "amount.negative" | "amount.tooLarge";
    };

// Plain digits, or digits grouped by thousands with commas; an optional fraction.
const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * "1,234.50" → 123450, "¥12.3" → 1230, "１２.３０元" → 1230. A fraction beyond two places is
 * refused unless the extra digits are zeros ("12.300" is exact; "12.345" is not a fen
 * amount). Misplaced separators ("12,34") are refused rather than guessed.
 */
export function parseFen(text: string): FenResult {
  let t = toHalfWidth(text).replace(/\s+/g, "");
  t = t.replace(/^(?:¥|￥|RMB|CNY)/i, "").replace(/元$/, "");
  if (t.startsWith("-")) {
    const rest = t.slice(1);
    return {
      ok: false,
      key: PLAIN.test(rest) || GROUPED.test(rest) ? "amount.negative" : "amount.invalid",
    };
  }
  if (t.startsWith("+")) t = t.slice(1);
  const m = PLAIN.exec(t) ?? GROUPED.exec(t);
  if (!m) return { ok: false, key: "amount.invalid" };
  const whole = (m[1] ?? "").replace(/,/g, "");
  const fraction = m[2] ?? "";
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2)))
    return { ok: false, key: "amount.tooPrecise" };
  const fen = BigInt(whole) * 100n + BigInt((fraction.slice(0, 2) + "00").slice(0, 2));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, key: "amount.tooLarge" };
  return { ok: true, fen: Number(fen) };
}

/**
 * A cell as an amount, or null when it is blank. An XLSX number arrives as a double; its
 * shortest round-trip text ("12.3" for 12.3) is what the spreadsheet showed, and a double that
 * is not a fen amount (0.1 + 0.2) is refused as too precise rather than rounded.
 */
export function cellFen(cell: RawCell): FenResult | null {
  const text = cellText(cell);
  if (isBlank(text)) return null;
  return parseFen(text);
}

/** unit × quantity in fen, refusing a product beyond the safe-integer range. */
export function multiplyFen(unitFen: number, quantity: number): number | null {
  const product = BigInt(unitFen) * BigInt(quantity);
  return product > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(product);
}

/**
 * Splits `totalFen` across weights in proportion, exactly (largest remainder: each share is
 * floored, then the leftover fen go to the largest remainders, earlier lines first on ties),
 * so the shares always sum to the total. All-zero weights split evenly.
 */
export function allocateFen(totalFen: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.every((x) => x === 0) ? weights.map(() => 1n) : weights.map((x) => BigInt(x));
  const sum = w.reduce((a, b) => a + b, 0n);
  const total = BigInt(totalFen);
  const shares = w.map((x) => (total * x) / sum);
  let left = total - shares.reduce((a, b) => a + b, 0n);
  const order = w
    .map((x, i) => ({ i, rem: (total * x) % sum }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}
