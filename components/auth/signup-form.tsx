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
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import { signupSchema } from "@/server/tenancy/schemas";
import { PasswordRules } from "./password-rules";
import { suggestSlug } from "./slug";

// The checkbox is a boolean in the form; the API wants the literal `true`.
const formSchema = signupSchema.extend({
  acceptTerms: z.boolean().refine((v) => v, "terms.required"),
});
type FormInput = z.input<typeof formSchema>;

const FIELDS = ["brandName", "slug", "ownerName", "email", "password", "acceptTerms"] as const;

export function SignUpForm({ portalBase }: { portalBase: string }) {
  const t = useTranslations("auth.signup");
  const trpc = useTRPC();
  const router = useRouter();
  const errors = useErrorMessages();
  const signup = useMutation(trpc.auth.signup.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const [signInFailed, setSignInFailed] = useState(false);
  const [finishing, setFinishing] = useState(false);
  // The slug follows the brand name until the person edits it themselves.
  const [slugTouched, setSlugTouched] = useState(false);

  const form = useForm<FormInput, unknown, z.output<typeof formSchema>>({
    resolver: zodResolver(formSchema),
    defaultValues: { brandName: "", slug: "", ownerName: "", email: "", password: "", acceptTerms: false },
    mode: "onTouched",
  });
  const { register, handleSubmit, setValue, setError, formState, control } = form;
  const fe = formState.errors;
  const [slug, password, brandName] = useWatch({ control, name: ["slug", "password", "brandName"] });
  const noSuggestion = !slugTouched && brandName.trim().length > 0 && !suggestSlug(brandName);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSignInFailed(false);
    try {
      await signup.mutateAsync({ ...values, acceptTerms: true });
    } catch (e) {
      if (!applyFieldErrors(e, FIELDS, setError)) setFormError(errors.describe(e));
      return;
    }
    setFinishing(true);
    const result = await signInWithPassword({ email: values.email, password: values.password });
    if (!result.ok) {
      setFinishing(false);
      setSignInFailed(true);
      return;
    }
    router.push("/console");
    router.refresh();
  });

  const brandNameField = register("brandName", {
    onChange: (e: { target: { value: string } }) => {
      if (!slugTouched) {
        setValue("slug", suggestSlug(e.target.value), { shouldValidate: formState.touchedFields.slug });
      }
    },
  });
  const slugField = register("slug", {
    onChange: (e: { target: { value: string } }) => {
      setSlugTouched(e.target.value.length > 0);
    },
  });

  if (signInFailed) {
    return (
      <Alert tone="warning" title={t("createdTitle")} data-testid="signup-signin-failed">
        <p>{t("signInFailed")}</p>
        <Link href="/signin" className="mt-2 inline-block font-medium underline">
          {t("signinLink")}
        </Link>
      </Alert>
    );
  }

  const busy = formState.isSubmitting || finishing;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {formError && <Alert tone="danger">{formError}</Alert>}

      <fieldset className="space-y-4">
        <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("sectionBrand")}</legend>
        <Field id="signup-brand-name" label={t("brandName")} error={errors.field(fe.brandName?.message)} required>
          <Input {...brandNameField} autoComplete="organization" maxLength={60} data-testid="signup-brand-name" />
        </Field>
        <Field
          id="signup-slug"
          label={t("slug")}
          required
          error={errors.field(fe.slug?.message)}
          hint={
            <>
              <p>{noSuggestion ? t("slugHintNonLatin") : t("slugHint")}</p>
              <p className="mt-1">
                {t("portalUrl")}{" "}
                <span className="font-mono text-slate-700" data-testid="signup-portal-url">
                  {portalBase}
                  {slug || t("slugPlaceholder")}
                </span>
              </p>
            </>
          }
        >
          <Input
            {...slugField}
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            placeholder={t("slugPlaceholder")}
            className="font-mono"
            data-testid="signup-slug"
          />
        </Field>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("sectionOwner")}</legend>
        <Field id="signup-owner-name" label={t("ownerName")} error={errors.field(fe.ownerName?.message)} required>
          <Input {...register("ownerName")} autoComplete="name" maxLength={60} data-testid="signup-owner-name" />
        </Field>
        <Field id="signup-email" label={t("email")} error={errors.field(fe.email?.message)} required>
          <Input {...register("email")} type="email" autoComplete="email" data-testid="signup-email" />
        </Field>
        <Field
          id="signup-password"
          label={t("password")}
          error={errors.field(fe.password?.message)}
          hint={<PasswordRules value={password} />}
          required
        >
          <Input {...register("password")} type="password" autoComplete="new-password" data-testid="signup-password" />
        </Field>
      </fieldset>

      <div className="space-y-1.5">
        <div className="flex items-start gap-2">
          <Checkbox
            id="signup-terms"
            {...register("acceptTerms")}
            className="mt-0.5"
            aria-invalid={!!fe.acceptTerms}
            aria-describedby={fe.acceptTerms ? "signup-terms-error" : undefined}
            data-testid="signup-terms"
          />
          <label htmlFor="signup-terms" className="text-sm text-slate-700">
            {t.rich("terms", {
              link: (chunks) => (
                <Link href="/terms" target="_blank" className="font-medium text-brand-700 underline">
                  {chunks}
                </Link>
              ),
            })}
          </label>
        </div>
        {fe.acceptTerms && (
          <p id="signup-terms-error" role="alert" className="text-xs font-medium text-red-600">
            {errors.field(fe.acceptTerms.message)}
          </p>
        )}
      </div>

      <Button type="submit" size="lg" className="w-full" loading={busy} data-testid="signup-submit">
        {finishing ? t("signingIn") : busy ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
