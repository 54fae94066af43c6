/**
 * Promotion texts for responses rendered outside React (the short-link 404 page, posters),
 * in the request's locale: the explicit choice (cookie) first, then the browser's preference.
 */
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from "@/server/i18n/config";
import en from "@/server/i18n/messages/en/promotion.json";
import zh from "@/server/i18n/messages/zh-CN/promotion.json";
import type { HeaderReader } from "@/server/shared/request";
import { readCookie } from "./landing";

const MESSAGES: Record<Locale, typeof en> = { "zh-CN": zh, en };

export function localeOf(headers: HeaderReader): Locale {
  const chosen = readCookie(headers.get("cookie"), LOCALE_COOKIE);
  if (isLocale(chosen)) return chosen;
  return /^\s*en\b/i.test(headers.get("accept-language") ?? "") ? "en" : DEFAULT_LOCALE;
}

export function requestLocale(req: Request): Locale {
  return localeOf(req.headers);
}

export function promotionTexts(locale: Locale) {
  return MESSAGES[locale];
}
