"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { errorInfo } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { KPI_METRICS, KPI_ROLES, kpiFormToInput, kpiServerErrors, type KpiFormField, type KpiFormValues } from "./kpi-form-values";

export type KpiTaskFormProps = {
  initial: KpiFormValues;
  onSaved: () => Promise<unknown> | void;
} & ({ mode: "create" } | { mode: "edit"; taskId: string; onCancel: () => void });

/** Field messages: the kpi's own keys ("target.amount"), then the shared ones (too_big, …). */
function useKpiFieldText() {
  const t = useTranslations("incentives.console.kpi.validation");
  const base = useErrorMessages();
  const field = useCallback((message?: string) => (message && t.has(message) ? t(message) : base.field(message)), [t, base]);
  return { field, describe: base.describe };
}

/**
 * The KPI task form: inline on the page to create a task, in a dialog to edit one (the same
 * fields, prefilled). Field errors — ours before sending, the server's after — sit under their
 * fields; the rest (rewards already paid on the task, …) above the form.
 */
export function KpiTaskForm(props: KpiTaskFormProps) {
  const { mode, initial, onSaved } = props;
  const t = useTranslations("incentives.console.kpi");
  const tm = useTranslations("incentives.portal.metric");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const text = useKpiFieldText();
  const [formError, setFormError] = useState<string | null>(null);
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const create = useMutation(trpc.kpiTasks.create.mutationOptions());
  const update = useMutation(trpc.kpiTasks.update.mutationOptions());
  const { register, handleSubmit, reset, setError, formState, control } = useForm<KpiFormValues>({ defaultValues: initial });
  const metric = useWatch({ control, name: "metric" });
  const fe = formState.errors;
  // The edit dialog opens over the page's create form: its ids and test ids must differ.
  const p = mode === "create" ? "kpi" : "kpi-edit";

  const showErrors = (errors: Partial<Record<KpiFormField, string>>) => {
    const entries = Object.entries(errors) as [KpiFormField, string][];
    entries.forEach(([name, message], i) => setError(name, { type: "server", message }, { shouldFocus: i === 0 }));
    return entries.length > 0;
  };

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const converted = kpiFormToInput(v);
    if (!converted.ok) return void showErrors(converted.errors);
    try {
      if (props.mode === "edit") await update.mutateAsync({ ...converted.input, id: props.taskId });
      else {
        await create.mutateAsync(converted.input);
        // Tasks are often set up in a row for one month and scope: keep those.
        reset({ ...v, name: "", target: "", reward: "" });
      }
      await onSaved();
    } catch (e) {
      const info = errorInfo(e);
      if (showErrors(kpiServerErrors(info.fields))) return;
      setFormError(text.describe(e, { CONFLICT: t("errors.rewarded") }));
      // The list was stale (rewards paid since it loaded): refetch so the row shows it.
      if (info.code === "CONFLICT") void qc.invalidateQueries({ queryKey: trpc.kpiTasks.list.queryKey() });
    }
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className={cn("grid gap-3 sm:grid-cols-3", mode === "create" && "rounded-lg border border-slate-200 bg-white p-4")}
      data-testid={`${p}-form`}
    >
      {mode === "create" && <p className="text-sm text-slate-600 sm:col-span-3">{t("salesOnly")}</p>}
      {formError && (
        <Alert tone="danger" className="sm:col-span-3" data-testid={`${p}-error`}>
          {formError}
        </Alert>
      )}
      <Field id={`${p}-name`} label={t("name")} error={text.field(fe.name?.message)} required>
        <Input {...register("name")} maxLength={100} autoComplete="off" data-testid={`${p}-name`} />
      </Field>
      <Field id={`${p}-month`} label={t("month")} error={text.field(fe.month?.message)} required>
        <Input {...register("month")} type="month" data-testid={`${p}-month`} />
      </Field>
      <Field id={`${p}-metric`} label={t("metric")} error={text.field(fe.metric?.message)} required>
        <Select {...register("metric")} data-testid={`${p}-metric`}>
          {KPI_METRICS.map((m) => <option key={m} value={m}>{tm(m)}</option>)}
        </Select>
      </Field>
      <Field id={`${p}-target`} label={t("target")} hint={metric === "gmv" ? t("targetHintGmv") : t("targetHintCount")} error={text.field(fe.target?.message)} required>
        <Input {...register("target")} inputMode="decimal" autoComplete="off" data-testid={`${p}-target`} />
      </Field>
      <Field id={`${p}-reward`} label={t("reward")} error={text.field(fe.reward?.message)} required>
        <Input {...register("reward")} inputMode="decimal" autoComplete="off" data-testid={`${p}-reward`} />
      </Field>
      <Field id={`${p}-level`} label={t("level")} error={text.field(fe.levelId?.message)}>
        <Select {...register("levelId")} data-testid={`${p}-level`}>
          <option value="">{t("allLevels")}</option>
          {levels.data?.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </Select>
      </Field>
      <Field id={`${p}-role`} label={t("role")} error={text.field(fe.role?.message)}>
        <Select {...register("role")} data-testid={`${p}-role`}>
          <option value="">{t("allRoles")}</option>
          {KPI_ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
        </Select>
      </Field>
      {props.mode === "edit" ? (
        <DialogFooter className="sm:col-span-3">
          <Button variant="secondary" disabled={formState.isSubmitting} onClick={props.onCancel}>
            {t("discard")}
          </Button>
          <Button type="submit" loading={formState.isSubmitting} data-testid={`${p}-save`}>
            {t("saveChanges")}
          </Button>
        </DialogFooter>
      ) : (
        <div className="sm:col-span-3">
          <Button type="submit" loading={formState.isSubmitting} data-testid={`${p}-save`}>
            {t("save")}
          </Button>
        </div>
      )}
    </form>
  );
}
