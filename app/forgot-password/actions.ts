"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { requestPasswordReset, resetPassword } from "@/server/auth/email-tokens";
import { appDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import { requireSameOriginAction } from "@/server/http/action-guard";
import { requestAppOrigin } from "@/server/shared/app-url";
import { clientIp } from "@/server/shared/request";

/** A text field of a submitted form ("" when missing or a file). */
const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export interface ForgotState {
  status: "idle" | "sent" | "rate_limited";
}

/** The answer is "sent" whether or not the address has an account (no enumeration). */
export async function forgotPasswordAction(_prev: ForgotState, form: FormData): Promise<ForgotState> {
  await requireSameOriginAction();
  const email = field(form, "email").trim().slice(0, 254);
  if (!email.includes("@")) return { status: "sent" };
  try {
    await requestPasswordReset(
      await appDb(),
      { email, ip: clientIp(await headers()) },
      { baseUrl: await requestAppOrigin(), locale: await getLocale() },
    );
  } catch (e) {
    if (isAppError(e) && e.code === "TOO_MANY_REQUESTS") return { status: "rate_limited" };
    throw e;
  }
  return { status: "sent" };
}

export interface ResetState {
  status: "idle" | "done" | "invalid_token" | "weak_password";
  /** i18n key under auth.validation for a password problem. */
  passwordError?: string;
}

export async function resetPasswordAction(_prev: ResetState, form: FormData): Promise<ResetState> {
  await requireSameOriginAction();
  try {
    await resetPassword(await appDb(), { token: field(form, "token"), password: field(form, "password") });
    return { status: "done" };
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_REQUEST") {
      const field = e.fields?.password;
      return field ? { status: "weak_password", passwordError: field } : { status: "invalid_token" };
    }
    throw e;
  }
}
