/** Renders a notification's text in a locale from the notifications catalogue. */
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/server/i18n/config";
import { loadMessages } from "@/server/i18n/messages";
import { catalogueKey, NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from "./kinds";

export interface RenderedNotification {
  title: string;
  body: string;
  sms: string | null;
}

/** Missing params render as empty text, never as the placeholder's name. */
function values(kind: NotificationKind, params: NotificationParams) {
  return Object.fromEntries(NOTIFICATION_KINDS[kind].params.map((p) => [p, params[p] ?? ""]));
}

export async function renderNotification(
  kind: NotificationKind,
  params: NotificationParams,
  locale: string | null | undefined,
): Promise<RenderedNotification> {
  const lang: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale: lang, messages: await loadMessages(lang), namespace: "notifications.kinds" });
  const key = catalogueKey(kind);
  const v = values(kind, params);
  // Keys are built from the registry, so the translator cannot check them statically.
  const tr = t as unknown as (k: string, v: Record<string, string | number>) => string;
  return {
    title: tr(`${key}.title`, v),
    body: tr(`${key}.body`, v),
    sms: NOTIFICATION_KINDS[kind].sms ? tr(`${key}.sms`, v) : null,
  };
}
