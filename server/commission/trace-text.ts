/**
 * A commission's calculation in words a distributor can check ("why ¥8.20"), from the trace
 * stored with it and the line's refunds. Amounts are written exactly from integer fen (no
 * Intl currency formatting: its symbol differs per locale, "CN¥" in English).
 */
import type { CommissionTrace } from "@/db/schema/orders";
import { fenToYuan } from "@/server/promotion/price";
import { fixedTimes, percentOf } from "./money";

/** ¥1,299.00 */
export function yuanText(fen: number): string {
  const [whole, cents] = fenToYuan(fen).split(".") as [string, string];
  return `¥${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${cents}`;
}

/** 820 bp → "8.2", 1000 → "10", 5 → "0.05": the percentage without trailing zeros. */
export function percentText(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const hundredths = String(rateBp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return hundredths ? `${whole}.${hundredths}` : String(whole);
}

/**
 * "¥8.20 = 8.2% of ¥100.00, rule 双11 v2, tier 1" (en) and the zh-CN equivalent; with refunds
 * it shows the remaining base. `now` is the order line as it stands: its paid amount and what
 * has been refunded of it.
 */
export function formatTrace(
  trace: CommissionTrace,
  now: { amountFen: number; refundedFen: number; refundedQuantity: number },
  locale: "zh-CN" | "en",
): string {
  const zh = locale === "zh-CN";
  let amount: number;
  let formula: string;
  if (trace.kind === "percent") {
    const rate = trace.rateBp ?? 0;
    const base = Math.max(0, now.amountFen - now.refundedFen);
    amount = percentOf(base, rate);
    const refund = now.refundedFen > 0;
    formula = zh
      ? `${yuanText(base)} × ${percentText(rate)}%${refund ? `（实付 ${yuanText(now.amountFen)}，已退 ${yuanText(now.refundedFen)}）` : ""}`
      : `${percentText(rate)}% of ${yuanText(base)}${refund ? ` (${yuanText(now.amountFen)} paid, ${yuanText(now.refundedFen)} refunded)` : ""}`;
  } else {
    const fixed = trace.fixedFen ?? 0;
    const units = Math.max(0, trace.quantity - now.refundedQuantity);
    amount = fixedTimes(fixed, units);
    const refund = now.refundedQuantity > 0;
    formula = zh
      ? `${yuanText(fixed)} × ${units} 件${refund ? `（购买 ${trace.quantity} 件，已退 ${now.refundedQuantity} 件）` : ""}`
      : `${yuanText(fixed)} × ${units}${refund ? ` (${trace.quantity} bought, ${now.refundedQuantity} refunded)` : ""}`;
  }
  const rule = zh
    ? `规则「${trace.ruleName}」v${trace.version}${trace.stackable ? "（叠加）" : ""}，第 ${trace.tier} 级`
    : `rule ${trace.ruleName} v${trace.version}${trace.stackable ? " (stacked)" : ""}, tier ${trace.tier}`;
  return zh
    ? `${yuanText(amount)} = ${formula}，${rule}`
    : `${yuanText(amount)} = ${formula}, ${rule}`;
}
