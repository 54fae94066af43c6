"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { safeSitePath } from "@/components/portal/safe-next";
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_MAX_AGE, knownDeviceToken } from "@/server/auth/known-device";
import { signIn, signOut } from "@/server/auth/next-auth";
import { env } from "@/server/env";
import { isHttpsUrl } from "@/server/portal/portal-cookie";
import { requireSameOriginAction } from "@/server/http/action-guard";

export type SignInError = "rate_limited" | "invalid_credentials" | "unknown";
export type SignInResult = { ok: true } | { ok: false; error: SignInError };

/**
 * Signs a staff member in with email + password and sets the session cookie. With
 * `redirect: false`, next-auth (v5) throws an AuthError on failure: a CredentialsSignin
 * subclass whose `code` is what server/auth/next-auth.ts set ("rate_limited" /
 * "invalid_credentials"), anything else is a CallbackRouteError.
 */
export async function signInWithPassword(input: {
  email: string;
  password: string;
}): Promise<SignInResult> {
  await requireSameOriginAction();
  const email = typeof input.email === "string" ? input.email.trim() : "";
  const password = typeof input.password === "string" ? input.password : "";
  if (!email || !password) return { ok: false, error: "invalid_credentials" };
  try {
    await signIn("credentials", { email, password, redirect: false });
    // This browser now counts as a known device for the account (slowed, not refused, while
    // the account is under attack).
    (await cookies()).set(KNOWN_DEVICE_COOKIE, knownDeviceToken(email), {
      httpOnly: true,
      sameSite: "lax",
      secure: isHttpsUrl(env.APP_URL),
      path: "/",
      maxAge: KNOWN_DEVICE_MAX_AGE,
    });
    return { ok: true };
  } catch (e) {
    if (e instanceof CredentialsSignin) {
      return { ok: false, error: e.code === "rate_limited" ? "rate_limited" : "invalid_credentials" };
    }
    if (e instanceof AuthError) return { ok: false, error: "unknown" };
    throw e;
  }
}

export interface SignInFormState {
  error: SignInError | null;
  email: string;
}

/** Only same-site paths, so `?next=` cannot send people elsewhere after signing in. */
function safeNext(raw: FormDataEntryValue | null): string {
  return safeSitePath(typeof raw === "string" ? raw : null) ?? "/console";
}

/** The sign-in form's action (works without JavaScript too). */
export async function signInFormAction(
  _prev: SignInFormState,
  form: FormData,
): Promise<SignInFormState> {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const email = text("email");
  const result = await signInWithPassword({ email, password: text("password") });
  if (!result.ok) return { error: result.error, email };
  redirect(safeNext(form.get("next")));
}

/** Signs out; with `next` (a same-site path), the sign-in page returns there afterwards. */
export async function signOutAction(next?: string) {
  await requireSameOriginAction();
  const back = safeSitePath(typeof next === "string" ? next : null);
  await signOut({ redirectTo: back ? `/signin?next=${encodeURIComponent(back)}` : "/signin" });
}
