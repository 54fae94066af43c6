/**
 * Money display: integer fen in, CNY in the reader's locale out. The amount reaches Intl as an
 * exact decimal string, so no float maths can show a wrong last digit. Negative amounts (a
 * clawback, arrears) keep their sign.
 */
import { fenToYuan } from "@/server/promotion/price";

const formats = new Map<string, Intl.NumberFormat>();

/** ¥1,299.90 (zh-CN) or CN¥1,299.90 (en) from 129990 fen. */
export function formatFen(fen: number, locale: string): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" });
    formats.set(locale, f);
  }
  const yuan = `${fen < 0 ? "-" : ""}${fenToYuan(Math.abs(fen))}`;
  return f.format(yuan as `${number}`);
}
