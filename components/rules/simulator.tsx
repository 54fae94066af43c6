"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useFieldArray, useForm, useWatch, type FieldPath } from "react-hook-form";
import { errorInfo } from "@/components/forms/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { yuanToFen } from "@/server/promotion/price";
import { ORDER_CHANNELS } from "@/db/kinds";
import { beijingLocalToIso } from "./form-values";
import { SimulationResult } from "./simulation-result";
import type { Simulation } from "./types";
import { useRuleErrors } from "./use-rule-errors";

interface LineValues {
  sku: string;
  category: string;
  quantity: string;
  amount: string;
}
interface SimValues {
  channel: (typeof ORDER_CHANNELS)[number];
  paidAt: string;
  lines: LineValues[];
  by: "distributor" | "levels";
  code: string;
  tierCount: "1" | "2" | "3";
  /** Level name per tier; "" for none. */
  tierLevels: [string, string, string];
}

type SimField = FieldPath<SimValues>;
const LINE_FIELD: Record<string, keyof LineValues> = {
  sku: "sku",
  category: "category",
  quantity: "quantity",
  amountFen: "amount",
};

/** Where a server field error of the simulate input belongs on this form. */
function simFieldOf(path: string): SimField | null {
  const [head, a, b] = path.split(".");
  if (head === "channel" || head === "paidAt") return head;
  if (head === "items" && a !== undefined && b && LINE_FIELD[b])
    return `lines.${Number(a)}.${LINE_FIELD[b]}`;
  if (head === "items") return "lines.0.sku";
  if (head === "earners" && a === "code") return "code";
  if (head === "earners" && a === "levels" && b !== undefined)
    return `tierLevels.${Number(b) as 0 | 1 | 2}`;
  return null;
}

const EMPTY_LINE: LineValues = { sku: "", category: "", quantity: "1", amount: "" };

/** The console's rule simulator: a sample order in, what each tier would earn and why out. */
export function RuleSimulator({ paidAtDefault }: { paidAtDefault: string }) {
  const t = useTranslations("rules.simulator");
  const tc = useTranslations("rules.channels");
  const locale = useLocale();
  const trpc = useTRPC();
  const errors = useRuleErrors();
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const run = useMutation(trpc.commissionRules.simulate.mutationOptions());
  const [result, setResult] = useState<Simulation | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, control, setError, formState } = useForm<SimValues>({
    defaultValues: {
      channel: "tmall",
      paidAt: paidAtDefault,
      lines: [{ ...EMPTY_LINE }],
      by: "levels",
      code: "",
      tierCount: "3",
      tierLevels: ["", "", ""],
    },
  });
  const lines = useFieldArray({ control, name: "lines" });
  const fe = formState.errors;
  const [by, tierCountText] = useWatch({ control, name: ["by", "tierCount"] });
  const tierCount = Number(tierCountText);

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    // Amounts and quantities are checked here, as typed; everything else by the server.
    let bad = false;
    const items = v.lines.map((l, i) => {
      const amountFen = yuanToFen(l.amount);
      if (amountFen === null) {
        setError(`lines.${i}.amount`, { type: "client", message: "amountFen.invalid" });
        bad = true;
      }
      if (!/^\d{1,6}$/.test(l.quantity.trim()) || Number(l.quantity) < 1) {
        setError(`lines.${i}.quantity`, { type: "client", message: "quantity.invalid" });
        bad = true;
      }
      return {
        sku: l.sku,
        category: l.category || null,
        quantity: Number(l.quantity),
        amountFen: amountFen ?? 0,
      };
    });
    const paidAt = beijingLocalToIso(v.paidAt);
    if (!paidAt) {
      setError("paidAt", { type: "client", message: "paidAt.invalid" });
      bad = true;
    }
    if (bad || !paidAt) return;
    try {
      setResult(
        await run.mutateAsync({
          channel: v.channel,
          paidAt,
          items,
          earners:
            v.by === "distributor"
              ? { by: "distributor", code: v.code }
              : {
                  by: "levels",
                  levels: v.tierLevels.slice(0, Number(v.tierCount)).map((l) => l || null),
                },
          locale: locale === "en" ? "en" : "zh-CN",
        }),
      );
    } catch (e) {
      setResult(null);
      let placed = false;
      for (const [path, message] of Object.entries(errorInfo(e).fields ?? {})) {
        const field = simFieldOf(path);
        if (!field) continue;
        setError(field, { type: "server", message }, { shouldFocus: !placed });
        placed = true;
      }
      if (!placed) setFormError(errors.describe(e));
    }
  });

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate data-testid="simulator-form">
        <Card>
          <CardBody className="space-y-6">
            {formError && <Alert tone="danger">{formError}</Alert>}
            <fieldset className="grid gap-4 sm:grid-cols-2">
              <legend className="mb-2 text-sm font-semibold text-slate-900">{t("order")}</legend>
              <Field
                id="sim-channel"
                label={t("channel")}
                error={errors.field(fe.channel?.message)}
              >
                <Select {...register("channel")} data-testid="sim-channel">
                  {ORDER_CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {tc(c)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="sim-paid-at" label={t("paidAt")} error={errors.field(fe.paidAt?.message)}>
                <Input type="datetime-local" {...register("paidAt")} data-testid="sim-paid-at" />
              </Field>
            </fieldset>

            <fieldset className="space-y-3">
              <legend className="mb-2 text-sm font-semibold text-slate-900">{t("lines")}</legend>
              {lines.fields.map((line, i) => (
                <div
                  key={line.id}
                  role="group"
                  aria-label={t("lineLabel", { n: i + 1 })}
                  className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_6rem_9rem_auto]"
                  data-testid={`sim-line-${i}`}
                >
                  <Field
                    id={`sim-sku-${i}`}
                    label={t("sku")}
                    error={errors.field(fe.lines?.[i]?.sku?.message)}
                  >
                    <Input
                      {...register(`lines.${i}.sku`)}
                      className="font-mono"
                      autoComplete="off"
                      data-testid={`sim-sku-${i}`}
                    />
                  </Field>
                  <Field
                    id={`sim-category-${i}`}
                    label={t("category")}
                    error={errors.field(fe.lines?.[i]?.category?.message)}
                  >
                    <Input
                      {...register(`lines.${i}.category`)}
                      placeholder={t("categoryPlaceholder")}
                      autoComplete="off"
                      data-testid={`sim-category-${i}`}
                    />
                  </Field>
                  <Field
                    id={`sim-quantity-${i}`}
                    label={t("quantity")}
                    error={errors.field(fe.lines?.[i]?.quantity?.message)}
                  >
                    <Input
                      {...register(`lines.${i}.quantity`)}
                      inputMode="numeric"
                      data-testid={`sim-quantity-${i}`}
                    />
                  </Field>
                  <Field
                    id={`sim-amount-${i}`}
                    label={t("amount")}
                    error={errors.field(fe.lines?.[i]?.amount?.message)}
                  >
                    <Input
                      {...register(`lines.${i}.amount`)}
                      inputMode="decimal"
                      placeholder="0.00"
                      data-testid={`sim-amount-${i}`}
                    />
                  </Field>
                  <div className="pt-7">
                    <Button
                      variant="ghost"
                      size="sm"
                      disabled={lines.fields.length === 1}
                      onClick={() => lines.remove(i)}
                      aria-label={t("removeLine", { n: i + 1 })}
                    >
                      ×
                    </Button>
                  </div>
                </div>
              ))}
              <Button
                variant="secondary"
                size="sm"
                disabled={lines.fields.length >= 50}
                onClick={() => lines.append({ ...EMPTY_LINE })}
                data-testid="sim-add-line"
              >
                {t("addLine")}
              </Button>
            </fieldset>

            <fieldset className="space-y-3">
              <legend className="mb-2 text-sm font-semibold text-slate-900">{t("earners")}</legend>
              <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    value="levels"
                    {...register("by")}
                    className="accent-brand-600"
                    data-testid="sim-by-levels"
                  />
                  {t("byLevels")}
                </label>
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    value="distributor"
                    {...register("by")}
                    className="accent-brand-600"
                    data-testid="sim-by-distributor"
                  />
                  {t("byDistributor")}
                </label>
              </div>
              {by === "distributor" ? (
                <Field
                  id="sim-code"
                  label={t("distributorCode")}
                  hint={t("distributorCodeHint")}
                  error={errors.field(fe.code?.message)}
                  className="max-w-sm"
                >
                  <Input
                    {...register("code")}
                    autoComplete="off"
                    className="font-mono uppercase"
                    data-testid="sim-code"
                  />
                </Field>
              ) : (
                <div className="grid gap-3 sm:grid-cols-3">
                  {([0, 1, 2] as const).map((i) => (
                    <Field
                      key={i}
                      id={`sim-level-${i + 1}`}
                      label={t("tierLevel", { tier: i + 1 })}
                      error={errors.field(fe.tierLevels?.[i]?.message)}
                    >
                      <Select
                        {...register(`tierLevels.${i}`)}
                        disabled={i >= tierCount}
                        data-testid={`sim-level-${i + 1}`}
                      >
                        <option value="">{t("noLevel")}</option>
                        {(levels.data ?? []).map((l) => (
                          <option key={l.id} value={l.name}>
                            {l.name}
                          </option>
                        ))}
                      </Select>
                    </Field>
                  ))}
                  <Field
                    id="sim-tier-count"
                    label={t("tierCount")}
                    className="sm:col-span-3 sm:max-w-40"
                  >
                    <Select {...register("tierCount")} data-testid="sim-tier-count">
                      {(["1", "2", "3"] as const).map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
              )}
            </fieldset>

            <Button type="submit" loading={formState.isSubmitting} data-testid="sim-run">
              {t("run")}
            </Button>
          </CardBody>
        </Card>
      </form>
      {result && <SimulationResult result={result} />}
    </div>
  );
}
