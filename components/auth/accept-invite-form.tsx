"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { signInWithPassword } from "@/app/signin/actions";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { passwordSchema } from "@/server/auth/password-policy";
import { PasswordRules } from "./password-rules";

type Values = { name: string; password: string };

/**
 * New people choose a name and password; someone who already signs in to another brand
 * confirms with their existing password. Then we sign in and open the invited brand.
 */
export function AcceptInviteForm({
  slug,
  token,
  email,
  hasAccount,
}: {
  slug: string;
  token: string;
  email: string;
  hasAccount: boolean;
}) {
  const t = useTranslations("auth.invite");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const errors = useErrorMessages();
  const accept = useMutation(trpc.auth.acceptInvitation.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const [signInFailed, setSignInFailed] = useState(false);
  const [finishing, setFinishing] = useState(false);

  const schema = useMemo(
    () =>
      hasAccount
        ? z.object({ name: z.string(), password: z.string().min(1, "password.required") })
        : z.object({
            name: z.string().trim().min(1, "ownerName.required").max(60),
            password: passwordSchema,
          }),
    [hasAccount],
  );
  const { register, handleSubmit, setError, formState, control } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", password: "" },
    mode: "onTouched",
  });
  const password = useWatch({ control, name: "password" });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    let tenantId: string;
    try {
      const r = await accept.mutateAsync({
        slug,
        token,
        password: values.password,
        ...(hasAccount ? {} : { name: values.name.trim() }),
      });
      tenantId = r.tenantId;
    } catch (e) {
      if (!applyFieldErrors(e, ["name", "password"] as const, setError)) {
        setFormError(errors.describe(e, { NOT_FOUND: t("expiredWhileOpen") }));
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
    // A person in several brands lands in the one they just joined.
    await client.me.switchBrand.mutate({ tenantId }).catch(() => undefined);
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
      {formError && <Alert tone="danger">{formError}</Alert>}
      {hasAccount && <Alert tone="info">{t("hasAccountNote")}</Alert>}
      {/* Lets password managers file the new password under the right account. */}
      {/* Browsers' password managers may restyle it before hydration. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden suppressHydrationWarning />
      {!hasAccount && (
        <Field id="accept-name" label={t("name")} error={errors.field(fe.name?.message)} required>
          <Input {...register("name")} autoComplete="name" maxLength={60} data-testid="accept-name" />
        </Field>
      )}
      <Field
        id="accept-password"
        label={hasAccount ? t("passwordExisting") : t("password")}
        error={errors.field(fe.password?.message)}
        hint={hasAccount ? undefined : <PasswordRules value={password} />}
        required
      >
        <Input
          {...register("password")}
          type="password"
          autoComplete={hasAccount ? "current-password" : "new-password"}
          data-testid="accept-password"
        />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={busy} data-testid="accept-submit">
        {finishing ? t("signingIn") : busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
