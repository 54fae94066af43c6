"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { fenToYuan } from "@/server/promotion/price";
import { REQUEST_CHANNELS } from "@/server/payouts/withdrawals/limits";
import type { PayoutSettings, PayoutSettingsInput } from "@/server/payouts/withdrawals/settings";
import { yuanTextToFen } from "@/server/payouts/withdrawals/schemas";
import { useWithdrawalLabels } from "./labels";

// The form edits yuan as typed text; the service takes integer fen (converted exactly, no floats).
type ChannelForm = { enabled: boolean; min: string; max: string; realName: string };
type FormValues = {
  bank: ChannelForm;
  wechat: ChannelForm;
  alipay: ChannelForm;
  dailyAmount: string;
  dailyCount: string;
  monthlyAmount: string;
  monthlyCount: string;
  feeBp: string;
  dualApproval: string;
  taxMethod: "labour" | "cumulative";
  flexible: string;
};

const YUAN = /^\d{1,9}(\.\d{1,2})?$/;
const toYuan = (fen: number | null | undefined) => (fen == null ? "" : fenToYuan(fen));
const fenOrNull = (s: string) => (s.trim() ? yuanTextToFen(s) : null);
const intOrNull = (s: string) => (s.trim() ? Number(s) : null);

function toForm(s: PayoutSettings): FormValues {
  const ch = (c: (typeof REQUEST_CHANNELS)[number]) => ({
    enabled: s.channelLimits[c].enabled,
    min: toYuan(s.channelLimits[c].minFen),
    max: toYuan(s.channelLimits[c].maxFen),
    realName: toYuan(s.channelLimits[c].realNameFromFen),
  });
  return {
    bank: ch("bank"),
    wechat: ch("wechat"),
    alipay: ch("alipay"),
    dailyAmount: toYuan(s.dailyAmountCapFen),
    dailyCount: s.dailyCountCap == null ? "" : String(s.dailyCountCap),
    monthlyAmount: toYuan(s.monthlyAmountCapFen),
    monthlyCount: s.monthlyCountCap == null ? "" : String(s.monthlyCountCap),
    feeBp: String(s.feeBp),
    dualApproval: toYuan(s.dualApprovalFromFen),
    taxMethod: s.taxMethod,
    flexible: toYuan(s.flexibleFromFen),
  };
}

function toInput(v: FormValues): PayoutSettingsInput {
  const ch = (c: ChannelForm) => ({ enabled: c.enabled, minFen: yuanTextToFen(c.min), maxFen: yuanTextToFen(c.max), realNameFromFen: fenOrNull(c.realName) });
  return {
    channelLimits: { bank: ch(v.bank), wechat: ch(v.wechat), alipay: ch(v.alipay) },
    dailyAmountCapFen: fenOrNull(v.dailyAmount),
    dailyCountCap: intOrNull(v.dailyCount),
    monthlyAmountCapFen: fenOrNull(v.monthlyAmount),
    monthlyCountCap: intOrNull(v.monthlyCount),
    feeBp: Number(v.feeBp),
    dualApprovalFromFen: yuanTextToFen(v.dualApproval),
    taxMethod: v.taxMethod,
    flexibleFromFen: fenOrNull(v.flexible),
  };
}

export function PayoutSettingsForm({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.withdrawals.settings.queryOptions());
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <Inner canWrite={canWrite} initial={q.data} />;
}

function Inner({ canWrite, initial }: { canWrite: boolean; initial: PayoutSettings }) {
  const t = useTranslations("withdrawals.settings");
  const labels = useWithdrawalLabels();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, reset, formState } = useForm<FormValues>({ defaultValues: toForm(initial), mode: "onTouched" });
  const save = useMutation(trpc.withdrawals.updateSettings.mutationOptions());
  const fe = formState.errors;
  const yuan = (required: boolean) => ({
    validate: (s: string) => (!s.trim() ? !required || t("invalid") : YUAN.test(s.trim()) || t("invalid")),
  });
  const count = { validate: (s: string) => !s.trim() || /^\d{1,6}$/.test(s.trim()) || t("invalid") };
  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    const next = await save.mutateAsync(toInput(values));
    reset(toForm(next));
    qc.setQueryData(trpc.withdrawals.settings.queryKey(), next);
    setSaved(true);
  });
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-6" data-testid="payout-settings">
      {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}
      <Card>
        <CardHeader title={t("channels")} description={t("description")} />
        <CardBody className="space-y-5">
          {REQUEST_CHANNELS.map((c) => (
            <fieldset key={c} className="grid gap-3 sm:grid-cols-4" disabled={!canWrite}>
              <legend className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-900">
                <Checkbox {...register(`${c}.enabled`)} aria-label={`${labels.label("channel", c)} ${t("enabled")}`} />
                {labels.label("channel", c)}
              </legend>
              <Field id={`${c}-min`} label={t("minYuan")} error={fe[c]?.min?.message}>
                <Input inputMode="decimal" {...register(`${c}.min`, yuan(true))} />
              </Field>
              <Field id={`${c}-max`} label={t("maxYuan")} error={fe[c]?.max?.message}>
                <Input inputMode="decimal" {...register(`${c}.max`, yuan(true))} />
              </Field>
              <Field id={`${c}-rn`} label={t("realNameYuan")} error={fe[c]?.realName?.message}>
                <Input inputMode="decimal" {...register(`${c}.realName`, yuan(false))} />
              </Field>
            </fieldset>
          ))}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t("caps")} />
        <CardBody>
          <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canWrite}>
            <Field id="daily-amount" label={t("dailyAmount")} error={fe.dailyAmount?.message}>
              <Input inputMode="decimal" {...register("dailyAmount", yuan(false))} />
            </Field>
            <Field id="daily-count" label={t("dailyCount")} error={fe.dailyCount?.message}>
              <Input inputMode="numeric" {...register("dailyCount", count)} />
            </Field>
            <Field id="monthly-amount" label={t("monthlyAmount")} error={fe.monthlyAmount?.message}>
              <Input inputMode="decimal" {...register("monthlyAmount", yuan(false))} />
            </Field>
            <Field id="monthly-count" label={t("monthlyCount")} error={fe.monthlyCount?.message}>
              <Input inputMode="numeric" {...register("monthlyCount", count)} />
            </Field>
            <Field id="fee-bp" label={t("feeBp")} error={fe.feeBp?.message}>
              <Input inputMode="numeric" {...register("feeBp", { validate: (s) => (/^\d{1,4}$/.test(s.trim()) && Number(s) <= 2000) || t("invalid") })} />
            </Field>
            <Field id="dual" label={t("dualApproval")} error={fe.dualApproval?.message}>
              <Input inputMode="decimal" {...register("dualApproval", yuan(true))} />
            </Field>
            <Field id="tax-method" label={t("taxMethod")}>
              <Select {...register("taxMethod")}>
                <option value="labour">{labels.label("taxMethod", "labour")}</option>
                <option value="cumulative">{labels.label("taxMethod", "cumulative")}</option>
              </Select>
            </Field>
            <Field id="flexible" label={t("flexible")} error={fe.flexible?.message}>
              <Input inputMode="decimal" {...register("flexible", yuan(false))} />
            </Field>
          </fieldset>
        </CardBody>
      </Card>
      {save.error && <Alert tone="danger">{save.error.message}</Alert>}
      {saved && <Alert tone="success">{t("saved")}</Alert>}
      {canWrite && (
        <Button type="submit" loading={save.isPending} data-testid="save-payout-settings">
          {t("save")}
        </Button>
      )}
    </form>
  );
}
