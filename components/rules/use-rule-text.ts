"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { formatFen } from "@/components/ui/money";
import type { RuleMatch, RuleTierPay } from "@/db/schema/commission";
import { percentText } from "@/server/commission/trace-text";

const SHOWN = 3;

/** A rule's conditions and pay in words, for the list, the detail page and the history. */
export function useRuleText() {
  const t = useTranslations("rules.summary");
  const tc = useTranslations("rules.channels");
  const format = useFormatter();
  const locale = useLocale();
  return useMemo(() => {
    const sep = locale === "zh-CN" ? "、" : ", ";
    const list = (values: readonly string[]) =>
      values.length > SHOWN
        ? t("more", { list: values.slice(0, SHOWN).join(sep), count: values.length - SHOWN })
        : values.join(sep);
    const channel = (c: string) => (tc.has(c) ? tc(c) : c);
    // A brand's clock is Beijing time, whoever reads the console.
    const time = (iso: string) =>
      format.dateTime(new Date(iso), {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: "Asia/Shanghai",
      });
    const conditions = (m: RuleMatch): string[] => {
      const out: string[] = [];
      if (m.skus) out.push(t("skus", { list: list(m.skus) }));
      if (m.categories) out.push(t("categories", { list: list(m.categories) }));
      if (m.levels) out.push(t("levels", { list: list(m.levels) }));
      if (m.channels) out.push(t("channels", { list: list(m.channels.map(channel)) }));
      if (m.from) out.push(t("from", { time: time(m.from) }));
      if (m.until) out.push(t("until", { time: time(m.until) }));
      if (m.hours)
        out.push(
          t("hours", {
            from: String(m.hours.from).padStart(2, "0"),
            to: String(m.hours.to).padStart(2, "0"),
          }),
        );
      return out.length ? out : [t("all")];
    };
    const pay = (tier: RuleTierPay) =>
      "rateBp" in tier
        ? t("percent", { tier: tier.tier, rate: percentText(tier.rateBp) })
        : t("fixed", { tier: tier.tier, amount: formatFen(tier.fixedFen, locale) });
    return { conditions, pay, channel, time, list };
  }, [t, tc, format, locale]);
}
