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
const FIELDS = [
  "displayName",
  "logoUrl",
  "landingUrl",
  "contactEmail",
  "contactPhone",
  "shopChannels.h5Url",
  "shopChannels.miniProgramAppId",
  "shopChannels.miniProgramPath",
  "smsSignature",
] as const;

const channelsOf = (c: { h5Url?: string; miniProgramAppId?: string; miniProgramPath?: string } | null | undefined) => ({
  h5Url: c?.h5Url ?? "",
  miniProgramAppId: c?.miniProgramAppId ?? "",
  miniProgramPath: c?.miniProgramPath ?? "",
});

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
        shopChannels: channelsOf(s.shopChannels),
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
        shopChannels: channelsOf(row.shopChannels),
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
            <div className="sm:col-span-2">
              <h3 className="text-sm font-semibold text-slate-900">{t("channels")}</h3>
              <p className="mt-1 text-sm text-slate-600">{t("channelsHint")}</p>
            </div>
            <Field id="profile-h5-url" label={t("h5Url")} hint={t("h5UrlHint")} error={errors.field(fe.shopChannels?.h5Url?.message)} className="sm:col-span-2">
              <Input {...register("shopChannels.h5Url")} type="url" inputMode="url" placeholder="https://" data-testid="profile-h5-url" />
            </Field>
            <Field id="profile-mp-appid" label={t("miniProgramAppId")} hint={t("miniProgramAppIdHint")} error={errors.field(fe.shopChannels?.miniProgramAppId?.message)}>
              <Input {...register("shopChannels.miniProgramAppId")} autoComplete="off" className="font-mono" placeholder="wx…" data-testid="profile-mp-appid" />
            </Field>
            <Field id="profile-mp-path" label={t("miniProgramPath")} hint={t("miniProgramPathHint")} error={errors.field(fe.shopChannels?.miniProgramPath?.message)}>
              <Input {...register("shopChannels.miniProgramPath")} autoComplete="off" className="font-mono" placeholder="pages/index/index" data-testid="profile-mp-path" />
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
