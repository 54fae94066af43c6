"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "./set-locale";

const LABELS: Record<string, string> = { "zh-CN": "中文", en: "English" };

/** Language choice is a cookie, so it applies to every page without changing URLs. */
export function LocaleSwitcher({ className = "" }: { className?: string }) {
  const locale = useLocale();
  const t = useTranslations("common");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <label className={`inline-flex items-center gap-1 text-sm text-slate-600 ${className}`}>
      <span className="sr-only">{t("switchLanguage")}</span>
      <select
        aria-label={t("switchLanguage")}
        data-testid="locale-switcher"
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
        value={locale}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          start(async () => {
            await setLocale(next);
            router.refresh();
          });
        }}
      >
        {Object.entries(LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
