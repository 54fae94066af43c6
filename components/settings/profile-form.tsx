"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { LoadError, Loading } from "@/components/console/query-states";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { brandProfileSchema } from "@/server/tenancy/schemas";
import { FormFooter } from "./form-footer";

type FormInput = z.input<typeof brandProfileSchema>;
type FormOutput = z.output<typeof brandProfileSchema>;
const FIELDS = ["displayName", "logoUrl", "landingUrl", "contactEmail", "contactPhone", "smsSignature"] as const;

export function ProfileForm({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  return (
    <ProfileFormInner
      canWrite={canWrite}
      initial={{
        displayName: s.displayName,
        logoUrl: s.logoUrl ?? "",
        landingUrl: s.landingUrl ?? "",
        contactEmail: s.contactEmail ?? "",
        contactPhone: s.contactPhone ?? "",
        smsSignature: s.smsSignature ?? "",
      }}
    />
  );
}

function ProfileFormInner({ canWrite, initial }: { canWrite: boolean; initial: FormInput }) {
  const t = useTranslations("settings.profile");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const errors = useErrorMessages();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(brandProfileSchema),
    defaultValues: initial,
    mode: "onTouched",
  });
  const update = useMutation(trpc.settings.updateProfile.mutationOptions());
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const row = await update.mutateAsync(values);
      reset({
        displayName: row.displayName,
        logoUrl: row.logoUrl ?? "",
        landingUrl: row.landingUrl ?? "",
        contactEmail: row.contactEmail ?? "",
        contactPhone: row.contactPhone ?? "",
        smsSignature: row.smsSignature ?? "",
      });
      queryClient.setQueryData(trpc.settings.get.queryKey(), row);
      // A new landing host needs its own verification.
      void queryClient.invalidateQueries({ queryKey: trpc.settings.landingVerification.queryKey() });
      // The brand name also shows in the brand switcher (server-rendered).
      if (row.displayName !== initial.displayName) router.refresh();
    } catch (e) {
      if (!applyFieldErrors(e, FIELDS, setError)) setFormError(errors.describe(e));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Card>
        <CardHeader title={t("title")} description={t("description")} />
        <CardBody>
          {!canWrite && (
            <Alert tone="info" className="mb-5">
              {t("readOnly")}
            </Alert>
          )}
          {formError && (
            <Alert tone="danger" className="mb-5">
              {formError}
            </Alert>
          )}
          <fieldset disabled={!canWrite} className="grid gap-5 sm:grid-cols-2">
            <Field id="profile-display-name" label={t("displayName")} hint={t("displayNameHint")} error={errors.field(fe.displayName?.message)} required className="sm:col-span-2">
              <Input {...register("displayName")} maxLength={60} data-testid="profile-display-name" />
            </Field>
            <Field id="profile-logo-url" label={t("logoUrl")} hint={t("logoUrlHint")} error={errors.field(fe.logoUrl?.message)}>
              <Input {...register("logoUrl")} type="url" inputMode="url" placeholder="https://" data-testid="profile-logo-url" />
            </Field>
            <Field id="profile-landing-url" label={t("landingUrl")} hint={t("landingUrlHint")} error={errors.field(fe.landingUrl?.message)}>
              <Input {...register("landingUrl")} type="url" inputMode="url" placeholder="https://" data-testid="profile-landing-url" />
            </Field>
            <Field id="profile-contact-email" label={t("contactEmail")} hint={t("contactEmailHint")} error={errors.field(fe.contactEmail?.message)}>
              <Input {...register("contactEmail")} type="email" data-testid="profile-contact-email" />
            </Field>
            <Field id="profile-contact-phone" label={t("contactPhone")} hint={t("contactPhoneHint")} error={errors.field(fe.contactPhone?.message)}>
              <Input {...register("contactPhone")} type="tel" maxLength={30} data-testid="profile-contact-phone" />
            </Field>
            <Field id="profile-sms-signature" label={t("smsSignature")} hint={t("smsSignatureHint")} error={errors.field(fe.smsSignature?.message)}>
              <Input {...register("smsSignature")} maxLength={12} data-testid="profile-sms-signature" />
            </Field>
          </fieldset>
        </CardBody>
        {canWrite && (
          <FormFooter
            saving={formState.isSubmitting}
            saved={update.isSuccess && !formState.isDirty}
            testId="profile-save"
          />
        )}
      </Card>
    </form>
  );
}
