"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction, type ResetState } from "@/app/forgot-password/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("account.reset");
  const tv = useTranslations("auth.validation");
  const tf = useTranslations("account.forgot");
  const [state, action, pending] = useActionState(resetPasswordAction, { status: "idle" } satisfies ResetState);
  if (state.status === "done") {
    return (
      <div className="space-y-4">
        <Alert tone="success" data-testid="reset-done">
          {t("done")}
        </Alert>
        <Link href="/signin" className="block text-center text-sm font-medium text-brand-700 hover:underline" data-testid="reset-signin">
          {tf("backToSignIn")}
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      {state.status === "invalid_token" && (
        <Alert tone="danger" data-testid="reset-error">
          {t("invalid")}{" "}
          <Link href="/forgot-password" className="font-medium underline">
            {t("requestNew")}
          </Link>
        </Alert>
      )}
      <input type="hidden" name="token" value={token} />
      <Field
        id="reset-password"
        label={t("password")}
        hint={t("passwordHint")}
        error={state.passwordError && tv.has(state.passwordError) ? tv(state.passwordError) : state.passwordError}
        required
      >
        <Input name="password" type="password" autoComplete="new-password" required minLength={10} data-testid="reset-password" />
      </Field>
      <Button type="submit" className="w-full" loading={pending} data-testid="reset-submit">
        {t("submit")}
      </Button>
    </form>
  );
}
