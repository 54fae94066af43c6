"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/server/i18n/config";

export async function setLocale(locale: string) {
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 365 * 86400,
    sameSite: "lax",
  });
}
