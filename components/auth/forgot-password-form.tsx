"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { forgotPasswordAction, type ForgotState } from "@/app/forgot-password/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export function ForgotPasswordForm() {
  const t = useTranslations("account.forgot");
  const ta = useTranslations("auth.signin");
  const [state, action, pending] = useActionState(forgotPasswordAction, { status: "idle" } satisfies ForgotState);
  return (
    <form action={action} className="space-y-4">
      {state.status === "sent" && (
        <Alert tone="success" data-testid="forgot-sent">
          {t("sent")}
        </Alert>
      )}
      {state.status === "rate_limited" && (
        <Alert tone="danger" data-testid="forgot-error">
          {ta("errors.rate_limited")}
        </Alert>
      )}
      <Field id="forgot-email" label={t("email")} required>
        <Input name="email" type="email" autoComplete="email" required data-testid="forgot-email" />
      </Field>
      <Button type="submit" className="w-full" loading={pending} data-testid="forgot-submit">
        {t("submit")}
      </Button>
      <p className="text-center text-sm">
        <Link href="/signin" className="font-medium text-brand-700 hover:underline">
          {t("backToSignIn")}
        </Link>
      </p>
    </form>
  );
}
