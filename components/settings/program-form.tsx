"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { LoadError, Loading } from "@/components/console/query-states";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { programSettingsSchema, SELF_PURCHASE_POLICIES, type ProgramSettingsInput } from "@/server/tenancy/schemas";
import { FormFooter } from "./form-footer";
import { ChoiceCard, FormSection } from "./form-section";

const FIELDS = ["commissionLevels", "afterSalesDays", "bindingMode", "bindingLockDays", "selfPurchase"] as const;
const BINDING_MODES = ["permanent", "lock", "last_click"] as const;

// Empty number inputs parse as NaN: report them with the field's range message.
const RANGE_KEY: Record<string, string> = {
  commissionLevels: "levels.range",
  afterSalesDays: "afterSales.range",
  bindingLockDays: "lockDays.range",
};
const resolver = zodResolver(programSettingsSchema, {
  error: (issue) => (issue.code === "invalid_type" ? RANGE_KEY[String(issue.path?.[0])] : undefined),
});

export function ProgramForm({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  return (
    <ProgramFormInner
      canWrite={canWrite}
      initial={{
        commissionLevels: s.commissionLevels,
        afterSalesDays: s.afterSalesDays,
        bindingMode: s.bindingMode,
        bindingLockDays: s.bindingLockDays,
        selfPurchase: s.selfPurchase,
      }}
    />
  );
}

function ProgramFormInner({ canWrite, initial }: { canWrite: boolean; initial: ProgramSettingsInput }) {
  const t = useTranslations("settings.program");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState, control } = useForm<ProgramSettingsInput>({
    resolver,
    defaultValues: initial,
    mode: "onTouched",
  });
  const update = useMutation(trpc.settings.updateProgram.mutationOptions());
  const mode = useWatch({ control, name: "bindingMode" });
  const selfPurchase = useWatch({ control, name: "selfPurchase" });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const row = await update.mutateAsync(values);
      reset({
        commissionLevels: row.commissionLevels,
        afterSalesDays: row.afterSalesDays,
        bindingMode: row.bindingMode,
        bindingLockDays: row.bindingLockDays,
        selfPurchase: row.selfPurchase,
      });
      queryClient.setQueryData(trpc.settings.get.queryKey(), row);
      await queryClient.invalidateQueries({ queryKey: trpc.settings.onboarding.queryKey() });
    } catch (e) {
      if (!applyFieldErrors(e, FIELDS, setError)) setFormError(errors.describe(e));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Card>
        <CardHeader title={t("title")} description={t("description")} />
        <CardBody className="space-y-8">
          {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}
          {formError && <Alert tone="danger">{formError}</Alert>}
          <fieldset disabled={!canWrite} className="space-y-8">
            <FormSection headingId="program-levels-heading" title={t("levelsHeading")} intro={t("levelsIntro")}>
              <div className="space-y-3">
                <Field id="program-levels" label={t("levels")} error={errors.field(fe.commissionLevels?.message)} required>
                  <Select {...register("commissionLevels", { valueAsNumber: true })} className="max-w-xs" data-testid="program-levels">
                    {[1, 2, 3].map((n) => (
                      <option key={n} value={n}>
                        {t(`levelOption.${n}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Alert tone="warning" title={t("legalTitle")} data-testid="program-legal-note">
                  {t("legalBody")}
                </Alert>
              </div>
            </FormSection>

            <FormSection headingId="program-after-sales-heading" title={t("afterSalesHeading")} intro={t("afterSalesIntro")} divided>
              <Field id="program-after-sales" label={t("afterSalesDays")} hint={t("afterSalesHint")} error={errors.field(fe.afterSalesDays?.message)} required>
                <Input
                  {...register("afterSalesDays", { valueAsNumber: true })}
                  type="number"
                  min={0}
                  max={90}
                  step={1}
                  className="max-w-32"
                  data-testid="program-after-sales"
                />
              </Field>
            </FormSection>

            <FormSection headingId="program-binding-heading" title={t("bindingHeading")} intro={t("bindingIntro")} divided>
              <div className="space-y-4">
                <fieldset>
                  <legend className="text-sm font-medium text-slate-800">{t("bindingMode")}</legend>
                  <div className="mt-2 space-y-2">
                    {BINDING_MODES.map((m) => (
                      <ChoiceCard
                        key={m}
                        value={m}
                        {...register("bindingMode")}
                        selected={mode === m}
                        title={t(`bindingModes.${m}.title`)}
                        body={t(`bindingModes.${m}.body`)}
                        data-testid={`program-binding-${m}`}
                      />
                    ))}
                  </div>
                </fieldset>
                {mode === "lock" && (
                  <Field id="program-lock-days" label={t("lockDays")} hint={t("lockDaysHint")} error={errors.field(fe.bindingLockDays?.message)} required>
                    <Input
                      {...register("bindingLockDays", { valueAsNumber: true })}
                      type="number"
                      min={1}
                      max={365}
                      step={1}
                      className="max-w-32"
                      data-testid="program-lock-days"
                    />
                  </Field>
                )}
              </div>
            </FormSection>

            <FormSection headingId="program-self-purchase-heading" title={t("selfPurchaseHeading")} intro={t("selfPurchaseIntro")} divided>
              <fieldset>
                <legend className="text-sm font-medium text-slate-800">{t("selfPurchase")}</legend>
                <div className="mt-2 space-y-2">
                  {SELF_PURCHASE_POLICIES.map((p) => (
                    <ChoiceCard
                      key={p}
                      value={p}
                      {...register("selfPurchase")}
                      selected={selfPurchase === p}
                      title={t(`selfPurchasePolicies.${p}.title`)}
                      body={t(`selfPurchasePolicies.${p}.body`)}
                      data-testid={`program-self-purchase-${p}`}
                    />
                  ))}
                </div>
              </fieldset>
            </FormSection>
          </fieldset>
        </CardBody>
        {canWrite && (
          <FormFooter saving={formState.isSubmitting} saved={update.isSuccess && !formState.isDirty} testId="program-save" />
        )}
      </Card>
    </form>
  );
}
