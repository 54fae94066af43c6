/**
 * Promotion texts for responses rendered outside React (the short-link 404 page, posters),
 * in the request's locale: the explicit choice (cookie) first, then the browser's preference.
 */
import { LOCALE_COOKIE, pickLocale, type Locale } from "@/server/i18n/config";
import en from "@/server/i18n/messages/en/promotion.json";
import zh from "@/server/i18n/messages/zh-CN/promotion.json";
import { readCookie, type HeaderReader } from "@/server/shared/request";

const MESSAGES: Record<Locale, typeof en> = { "zh-CN": zh, en };

export function localeOf(headers: HeaderReader): Locale {
  return pickLocale(
    readCookie(headers.get("cookie"), LOCALE_COOKIE),
    headers.get("accept-language"),
  );
}

export function promotionTexts(locale: Locale) {
  return MESSAGES[locale];
}
