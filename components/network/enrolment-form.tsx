"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { LoadError, Loading } from "@/components/console/query-states";
import { errorInfo } from "@/components/forms/trpc-error";
import { FormFooter } from "@/components/settings/form-footer";
import { ChoiceCard, FormSection } from "@/components/settings/form-section";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import { fenToYuan, yuanToFen } from "@/server/promotion/price";
import type { BrandSettings } from "./types";
import { useNetworkErrors } from "./use-network-errors";

const MODES = ["open", "admin_only", "spend_threshold"] as const;
const MAX_FIELDS = 10;

const formSchema = z
  .object({
    enrolmentMode: z.enum(MODES),
    enrolmentAutoApprove: z.boolean(),
    threshold: z.string().trim(),
    applicationFields: z
      .array(
        z.object({
          key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,30}$/, "field.key"),
          label: z.string().trim().min(1, "field.labelRequired").max(40, "field.labelTooLong"),
          required: z.boolean(),
        }),
      )
      .max(MAX_FIELDS),
  })
  .superRefine((v, ctx) => {
    if (v.enrolmentMode === "spend_threshold" && (v.threshold === "" || yuanToFen(v.threshold) === null)) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "threshold.invalid" });
    }
    const seen = new Set<string>();
    v.applicationFields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: "custom", path: ["applicationFields", i, "key"], message: "field.keyTaken" });
      seen.add(f.key);
    });
  });
type FormValues = z.infer<typeof formSchema>;

function toForm(s: BrandSettings): FormValues {
  return {
    enrolmentMode: s.enrolmentMode,
    enrolmentAutoApprove: s.enrolmentAutoApprove,
    threshold: s.enrolmentSpendThresholdFen ? fenToYuan(s.enrolmentSpendThresholdFen) : "",
    applicationFields: s.applicationFields.map((f) => ({ ...f })),
  };
}

export function EnrolmentForm({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return <EnrolmentFormInner canWrite={canWrite} initial={toForm(settings.data)} />;
}

function EnrolmentFormInner({ canWrite, initial }: { canWrite: boolean; initial: FormValues }) {
  const t = useTranslations("network.enrolment");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useNetworkErrors();
  const [formError, setFormError] = useState<string | null>(null);
  const update = useMutation(trpc.distributors.updateEnrolment.mutationOptions());
  const { register, handleSubmit, reset, setError, formState, control } = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: initial,
  });
  const fields = useFieldArray({ control, name: "applicationFields" });
  const mode = useWatch({ control, name: "enrolmentMode" });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const row = await update.mutateAsync({
        enrolmentMode: v.enrolmentMode,
        enrolmentAutoApprove: v.enrolmentAutoApprove,
        // Outside threshold mode the amount is kept as it was typed (or 0), for switching back.
        enrolmentSpendThresholdFen: (v.threshold && yuanToFen(v.threshold)) || 0,
        applicationFields: v.applicationFields,
      });
      reset(toForm(row));
      queryClient.setQueryData(trpc.settings.get.queryKey(), row);
    } catch (e) {
      const serverFields = errorInfo(e).fields ?? {};
      let matched = false;
      for (const [path, key] of Object.entries(serverFields)) {
        const name = path === "enrolmentSpendThresholdFen" ? "threshold" : path;
        if (!/^(threshold|enrolmentMode|applicationFields\.\d+\.(key|label))$/.test(name)) continue;
        setError(name as "threshold", { type: "server", message: key });
        matched = true;
      }
      if (!matched) setFormError(errors.describe(e));
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
            <FormSection headingId="enrolment-mode-heading" title={t("modeHeading")} intro={t("modeIntro")}>
              <div className="space-y-4">
                <fieldset>
                  <legend className="sr-only">{t("modeHeading")}</legend>
                  <div className="space-y-2">
                    {MODES.map((m) => (
                      <ChoiceCard
                        key={m}
                        value={m}
                        {...register("enrolmentMode")}
                        selected={mode === m}
                        title={t(`modes.${m}.title`)}
                        body={t(`modes.${m}.body`)}
                        data-testid={`enrolment-mode-${m}`}
                      />
                    ))}
                  </div>
                </fieldset>
                {mode === "spend_threshold" && (
                  <>
                    <Field id="enrolment-threshold" label={t("threshold")} hint={t("thresholdHint")} error={errors.field(fe.threshold?.message)} required>
                      <Input {...register("threshold")} inputMode="decimal" className="max-w-40" placeholder="99.00" data-testid="enrolment-threshold" />
                    </Field>
                    <Alert tone="warning" title={t("thresholdLegalTitle")}>
                      {t("thresholdLegalBody")}
                    </Alert>
                  </>
                )}
                {mode !== "admin_only" && (
                  <label className="flex gap-3 rounded-md border border-slate-200 p-3">
                    <Checkbox {...register("enrolmentAutoApprove")} className="mt-0.5" data-testid="enrolment-auto-approve" />
                    <span>
                      <span className="block text-sm font-medium text-slate-900">{t("autoApprove")}</span>
                      <span className="mt-0.5 block text-sm text-slate-600">{t("autoApproveHint")}</span>
                    </span>
                  </label>
                )}
              </div>
            </FormSection>

            <FormSection
              headingId="enrolment-fields-heading"
              title={t("fieldsHeading")}
              intro={t("fieldsIntro", { max: MAX_FIELDS })}
              divided
            >
              <div className="space-y-3" data-testid="enrolment-fields">
                {fields.fields.length === 0 && <p className="text-sm text-slate-500">{t("noFields")}</p>}
                {fields.fields.map((f, i) => {
                  const err = fe.applicationFields?.[i];
                  return (
                    <div key={f.id} className="grid items-start gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[10rem_1fr_auto_auto]">
                      <Field id={`field-key-${i}`} label={t("fieldKey")} error={errors.field(err?.key?.message)} required>
                        <Input {...register(`applicationFields.${i}.key`)} className="font-mono" placeholder="wechat_id" data-testid={`enrolment-field-key-${i}`} />
                      </Field>
                      <Field id={`field-label-${i}`} label={t("fieldLabel")} error={errors.field(err?.label?.message)} required>
                        <Input {...register(`applicationFields.${i}.label`)} placeholder={t("fieldLabelPlaceholder")} data-testid={`enrolment-field-label-${i}`} />
                      </Field>
                      <label className="flex items-center gap-2 text-sm text-slate-700 sm:mt-8">
                        <Checkbox {...register(`applicationFields.${i}.required`)} data-testid={`enrolment-field-required-${i}`} />
                        {t("fieldRequired")}
                      </label>
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-700 hover:bg-red-50 sm:mt-7"
                        onClick={() => fields.remove(i)}
                        aria-label={t("removeField", { n: i + 1 })}
                        data-testid={`enrolment-field-remove-${i}`}
                      >
                        {t("remove")}
                      </Button>
                    </div>
                  );
                })}
                <div className="flex items-center gap-3">
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={fields.fields.length >= MAX_FIELDS}
                    onClick={() => fields.append({ key: "", label: "", required: false })}
                    data-testid="enrolment-add-field"
                  >
                    {t("addField")}
                  </Button>
                  <span className="text-xs text-slate-500">{t("fieldCount", { count: fields.fields.length, max: MAX_FIELDS })}</span>
                </div>
                <p className="text-xs text-slate-500">{t("fieldKeyHint")}</p>
              </div>
            </FormSection>
          </fieldset>
        </CardBody>
        {canWrite && <FormFooter saving={formState.isSubmitting} saved={update.isSuccess && !formState.isDirty} testId="enrolment-save" />}
      </Card>
    </form>
  );
}
