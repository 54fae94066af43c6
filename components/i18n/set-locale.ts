"use server";

import { cookies } from "next/headers";
import { requireSameOriginAction } from "@/server/http/action-guard";
import { isLocale, LOCALE_COOKIE } from "@/server/i18n/config";

export async function setLocale(locale: string) {
  await requireSameOriginAction();
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 365 * 86400,
    sameSite: "lax",
  });
}
