/** Display helpers for portal pages. Money is integer fen everywhere but here. */

const CNY = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });

/** ¥1,234.50 from 123450 fen. */
export function formatFen(fen: number): string {
  // Split into whole yuan and fen so no float rounding can show a wrong last digit.
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return sign + CNY.format(yuan).replace(/\.00$/, `.${String(cents).padStart(2, "0")}`);
}
