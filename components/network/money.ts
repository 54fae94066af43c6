/** Money display for the console: integer fen in, formatted CNY out, no float maths. */
import { fenToYuan } from "@/server/promotion/price";

const formats = new Map<string, Intl.NumberFormat>();

/** ¥1,299.90 from 129990 fen (Intl formats the exact decimal string). */
export function formatFen(fen: number, locale: string): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" });
    formats.set(locale, f);
  }
  return f.format(fenToYuan(fen) as `${number}`);
}
