export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** The explicit choice (the locale cookie) first, then the browser's preference, then zh-CN. */
export function pickLocale(chosen: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(chosen)) return chosen;
  return /^\s*en\b/i.test(acceptLanguage ?? "") ? "en" : DEFAULT_LOCALE;
}
