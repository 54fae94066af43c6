"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { signInWithPassword } from "@/app/signin/actions";
import { applyFieldErrors, errorInfo } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { passwordSchema } from "@/server/auth/password-policy";
import { PasswordRules } from "./password-rules";

const schema = z.object({
  name: z.string().trim().min(1, "ownerName.required").max(60),
  password: passwordSchema,
});
type Values = z.input<typeof schema>;

/**
 * A person without a Fenxiao login joins from the invitation: name and a new password, then
 * we sign them in and open the brand. (Someone with a login signs in and accepts instead; no
 * password is ever checked here.)
 */
export function JoinInviteForm({ slug, token, email }: { slug: string; token: string; email: string }) {
  const t = useTranslations("auth.invite");
  const trpc = useTRPC();
  const router = useRouter();
  const errors = useErrorMessages();
  const join = useMutation(trpc.auth.joinInvitation.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const [signInFailed, setSignInFailed] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const { register, handleSubmit, setError, formState, control } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", password: "" },
    mode: "onTouched",
  });
  const password = useWatch({ control, name: "password" });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await join.mutateAsync({ slug, token, name: values.name.trim(), password: values.password });
    } catch (e) {
      if (!applyFieldErrors(e, ["name", "password"] as const, setError)) {
        // The email is not a field here: "already has an account" is said above the form.
        const emailKey = errorInfo(e).fields?.email;
        setFormError(errors.field(emailKey) ?? errors.describe(e, { NOT_FOUND: t("expiredWhileOpen") }));
      }
      return;
    }
    setFinishing(true);
    const result = await signInWithPassword({ email, password: values.password });
    if (!result.ok) {
      setFinishing(false);
      setSignInFailed(true);
      return;
    }
    // A new login has this one brand: the session opens in it.
    router.push("/console");
    router.refresh();
  });

  if (signInFailed) {
    return (
      <Alert tone="warning" title={t("joinedTitle")}>
        <p>{t("signInFailed")}</p>
        <Link href="/signin" className="mt-2 inline-block font-medium underline">
          {t("goToSignin")}
        </Link>
      </Alert>
    );
  }

  const busy = formState.isSubmitting || finishing;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError && (
        <Alert tone="danger" data-testid="accept-error">
          {formError}
        </Alert>
      )}
      <p className="text-sm text-slate-600">{t("newAccount")}</p>
      {/* Lets password managers file the new password under the right account. */}
      {/* Browsers' password managers may restyle it before hydration. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden suppressHydrationWarning />
      <Field id="accept-name" label={t("name")} error={errors.field(fe.name?.message)} required>
        <Input {...register("name")} autoComplete="name" maxLength={60} data-testid="accept-name" />
      </Field>
      <Field
        id="accept-password"
        label={t("password")}
        error={errors.field(fe.password?.message)}
        hint={<PasswordRules value={password} />}
        required
      >
        <Input {...register("password")} type="password" autoComplete="new-password" data-testid="accept-password" />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={busy} data-testid="accept-submit">
        {finishing ? t("signingIn") : busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
