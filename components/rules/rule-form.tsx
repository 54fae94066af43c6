"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { errorInfo } from "@/components/forms/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ORDER_CHANNELS } from "@/db/kinds";
import {
  emptyForm,
  formFieldOf,
  formToInput,
  ruleToForm,
  type FormField,
  type RuleFormValues,
} from "./form-values";
import type { RuleDetail } from "./types";
import { useRuleErrors } from "./use-rule-errors";

/** Where a FormField's error is kept: "tiersAll" is the tiers fieldset, not one input. */
const errorPath = (f: FormField): FieldPath<RuleFormValues> | "root.tiers" =>
  f === "tiersAll" ? "root.tiers" : f;

const HOURS_FROM = Array.from({ length: 24 }, (_, h) => h);
const HOURS_TO = Array.from({ length: 24 }, (_, h) => h + 1);

/** Create a rule, or edit one: saving an edit writes the rule's next version. */
export function RuleForm({ rule }: { rule: RuleDetail | null }) {
  const t = useTranslations("rules.form");
  const tc = useTranslations("rules.channels");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errors = useRuleErrors();
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const create = useMutation(trpc.commissionRules.create.mutationOptions());
  const revise = useMutation(trpc.commissionRules.revise.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, formState } = useForm<RuleFormValues>({
    defaultValues: rule ? ruleToForm(rule) : emptyForm(),
  });
  const fe = formState.errors;
  const [mode1, mode2, mode3, hoursOn] = useWatch({
    control,
    name: ["tiers.0.mode", "tiers.1.mode", "tiers.2.mode", "hoursOn"],
  });
  const tierModes = [mode1, mode2, mode3];

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const converted = formToInput(values);
    if (!converted.ok) {
      for (const [field, message] of Object.entries(converted.errors)) {
        setError(errorPath(field as FormField), { type: "client", message });
      }
      return;
    }
    try {
      const saved = rule
        ? await revise.mutateAsync({ id: rule.id, ...converted.input })
        : await create.mutateAsync(converted.input);
      await queryClient.invalidateQueries(trpc.commissionRules.pathFilter());
      router.push(`/console/rules/${saved.id}`);
    } catch (e) {
      let placed = false;
      for (const [path, message] of Object.entries(errorInfo(e).fields ?? {})) {
        const field = formFieldOf(path, converted.input.tiers);
        if (!field) continue;
        setError(errorPath(field), { type: "server", message }, { shouldFocus: !placed });
        placed = true;
      }
      if (!placed) setFormError(errors.describe(e));
    }
  });

  const next = (rule?.version ?? 0) + 1;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" data-testid="rule-form">
      {rule && (
        <Alert tone="info" data-testid="rule-new-version-notice">
          {t("newVersionNotice", { current: rule.version, next })}
        </Alert>
      )}
      {formError && <Alert tone="danger">{formError}</Alert>}

      <Card>
        <CardHeader title={t("basics")} />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Field
            id="rule-name"
            label={t("name")}
            hint={t("nameHint")}
            error={errors.field(fe.name?.message)}
            required
            className="sm:col-span-2"
          >
            <Input
              {...register("name")}
              maxLength={100}
              autoComplete="off"
              data-testid="rule-name"
            />
          </Field>
          <Field
            id="rule-priority"
            label={t("priority")}
            hint={t("priorityHint")}
            error={errors.field(fe.priority?.message)}
          >
            <Input
              {...register("priority")}
              inputMode="numeric"
              autoComplete="off"
              data-testid="rule-priority"
            />
          </Field>
          <label className="flex items-start gap-2 text-sm sm:col-span-3">
            <Checkbox {...register("stackable")} className="mt-0.5" data-testid="rule-stackable" />
            <span>
              <span className="font-medium text-slate-800">{t("stackable")}</span>
              <span className="block text-xs text-slate-500">{t("stackableHint")}</span>
            </span>
          </label>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("tiers")} description={t("tiersHint")} />
        <CardBody className="space-y-4">
          {fe.root?.tiers && (
            <p
              role="alert"
              className="text-sm font-medium text-red-600"
              data-testid="rule-tiers-error"
            >
              {errors.field(fe.root.tiers.message)}
            </p>
          )}
          {([0, 1, 2] as const).map((i) => {
            const mode = tierModes[i];
            return (
              <div
                key={i}
                className="grid items-start gap-3 sm:grid-cols-[16rem_16rem]"
                data-testid={`rule-tier-${i + 1}`}
              >
                <Field id={`rule-tier-${i + 1}-mode`} label={t("tierMode", { tier: i + 1 })}>
                  <Select {...register(`tiers.${i}.mode`)} data-testid={`rule-tier-${i + 1}-mode`}>
                    {(["none", "percent", "fixed"] as const).map((m) => (
                      <option key={m} value={m}>
                        {t(`mode.${m}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
                {mode !== "none" && (
                  <Field
                    id={`rule-tier-${i + 1}-value`}
                    label={t("tierValue", { tier: i + 1 })}
                    error={errors.field(fe.tiers?.[i]?.value?.message)}
                  >
                    <Input
                      {...register(`tiers.${i}.value`)}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder={
                        mode === "percent"
                          ? `${t("percentPlaceholder")} ${t("percentSuffix")}`
                          : `${t("yuanPrefix")} ${t("yuanPlaceholder")}`
                      }
                      data-testid={`rule-tier-${i + 1}-value`}
                    />
                  </Field>
                )}
              </div>
            );
          })}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("conditions")} description={t("conditionsHint")} />
        <CardBody className="grid gap-5 sm:grid-cols-2">
          <Field
            id="rule-skus"
            label={t("skus")}
            hint={t("skusHint")}
            error={errors.field(fe.skus?.message)}
          >
            <Textarea
              {...register("skus")}
              rows={3}
              className="font-mono"
              data-testid="rule-skus"
            />
          </Field>
          <Field
            id="rule-categories"
            label={t("categories")}
            hint={t("categoriesHint")}
            error={errors.field(fe.categories?.message)}
          >
            <Textarea {...register("categories")} rows={3} data-testid="rule-categories" />
          </Field>
          <fieldset className="space-y-2" aria-describedby="rule-levels-hint">
            <legend className="text-sm font-medium text-slate-800">{t("levels")}</legend>
            {levels.data?.length ? (
              <div className="flex flex-wrap gap-x-4 gap-y-2">
                {levels.data.map((l) => (
                  <label key={l.id} className="flex items-center gap-1.5 text-sm">
                    <Checkbox
                      value={l.name}
                      {...register("levels")}
                      data-testid={`rule-level-${l.name}`}
                    />
                    {l.name}
                  </label>
                ))}
              </div>
            ) : (
              <p className="text-sm text-slate-500">{t("noLevels")}</p>
            )}
            <p id="rule-levels-hint" className="text-xs text-slate-500">
              {t("levelsHint")}
            </p>
            {fe.levels && (
              <p role="alert" className="text-xs font-medium text-red-600">
                {errors.field(fe.levels.message)}
              </p>
            )}
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">{t("channels")}</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {ORDER_CHANNELS.map((c) => (
                <label key={c} className="flex items-center gap-1.5 text-sm">
                  <Checkbox value={c} {...register("channels")} data-testid={`rule-channel-${c}`} />
                  {tc(c)}
                </label>
              ))}
            </div>
            {fe.channels && (
              <p role="alert" className="text-xs font-medium text-red-600">
                {errors.field(fe.channels.message)}
              </p>
            )}
          </fieldset>
          <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-2">
            <legend className="mb-1 text-sm font-medium text-slate-800">{t("window")}</legend>
            <Field id="rule-from" label={t("from")} error={errors.field(fe.from?.message)}>
              <Input type="datetime-local" {...register("from")} data-testid="rule-from" />
            </Field>
            <Field id="rule-until" label={t("until")} error={errors.field(fe.until?.message)}>
              <Input type="datetime-local" {...register("until")} data-testid="rule-until" />
            </Field>
          </fieldset>
          <fieldset className="space-y-3 sm:col-span-2">
            <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
              <Checkbox {...register("hoursOn")} data-testid="rule-hours-on" />
              {t("hoursOn")}
            </label>
            {hoursOn && (
              <div className="grid gap-3 sm:grid-cols-3">
                <Field
                  id="rule-hours-from"
                  label={t("hoursFrom")}
                  error={errors.field(fe.hoursFrom?.message)}
                >
                  <Select {...register("hoursFrom")} data-testid="rule-hours-from">
                    {HOURS_FROM.map((h) => (
                      <option key={h} value={h}>
                        {t("hour", { hour: String(h).padStart(2, "0") })}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field
                  id="rule-hours-to"
                  label={t("hoursTo")}
                  hint={t("hoursHint")}
                  error={errors.field(fe.hoursTo?.message)}
                >
                  <Select {...register("hoursTo")} data-testid="rule-hours-to">
                    {HOURS_TO.map((h) => (
                      <option key={h} value={h}>
                        {t("hour", { hour: String(h).padStart(2, "0") })}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
            )}
          </fieldset>
        </CardBody>
      </Card>

      <div className="flex gap-2">
        <Button type="submit" loading={formState.isSubmitting} data-testid="rule-submit">
          {rule ? t("save", { next }) : t("create")}
        </Button>
        <Link
          href={rule ? `/console/rules/${rule.id}` : "/console/rules"}
          className={buttonClasses("secondary")}
        >
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
