"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signInFormAction, type SignInFormState } from "@/app/signin/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

const INITIAL: SignInFormState = { error: null, email: "" };

export function SignInForm({ next }: { next?: string }) {
  const t = useTranslations("auth.signin");
  const [state, action, pending] = useActionState(signInFormAction, INITIAL);
  return (
    <form action={action} className="space-y-4">
      {state.error && (
        <Alert tone="danger" data-testid="signin-error">
          {t(`errors.${state.error}`)}
        </Alert>
      )}
      {next && <input type="hidden" name="next" value={next} />}
      <Field id="signin-email" label={t("email")} required>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          key={state.email}
          data-testid="signin-email"
        />
      </Field>
      <Field id="signin-password" label={t("password")} required>
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="signin-password"
        />
      </Field>
      <Button type="submit" className="w-full" loading={pending} data-testid="signin-submit">
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
