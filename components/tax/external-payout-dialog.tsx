"use client";

/**
 * "Record outside payout" on a distributor's detail page (issue 9 item 7): a payout the brand
 * made through its own payroll or a flexible-employment platform, recorded from `available`
 * with the tax computed the same way as any payout (server/payouts/external/record.ts). Kept
 * in its own file so the detail page only mounts it.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { errorInfo } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { yuanToFen } from "@/server/promotion/price";

/** "2027-01-31T23:30" on the Shanghai wall clock → the instant (China has no daylight saving). */
function shanghaiLocalToDate(local: string): Date | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(local)) return null;
  const d = new Date(`${local}:00+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function nowShanghaiLocal(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);
}

export function ExternalPayoutPanel({ distributorId }: { distributorId: string }) {
  const t = useTranslations("tax");
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const list = useQuery(trpc.externalPayouts.list.queryOptions({ distributorId }));
  const record = useMutation(trpc.externalPayouts.record.mutationOptions());
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  const [paidAt, setPaidAt] = useState(nowShanghaiLocal);
  const [taxWithheld, setTaxWithheld] = useState<"by_brand" | "by_platform">("by_brand");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const amountFen = yuanToFen(amount);
    const when = shanghaiLocalToDate(paidAt);
    const local: Record<string, string> = {};
    if (amountFen === null || amountFen <= 0) local.amountFen = t("external.invalidAmount");
    if (!reference.trim()) local.reference = t("external.errors.required");
    if (!when) local.paidAt = t("external.errors.required");
    setFieldErrors(local);
    if (Object.keys(local).length || amountFen === null || !when) return;
    try {
      const r = await record.mutateAsync({ distributorId, amountFen, reference: reference.trim(), paidAt: when, taxWithheld });
      setDone(
        r.replayed
          ? t("external.replayed")
          : t("external.recorded", { amount: (r.payout.amountFen / 100).toFixed(2), tax: (r.payout.taxFen / 100).toFixed(2), net: (r.payout.netFen / 100).toFixed(2) }),
      );
      setOpen(false);
      setAmount("");
      setReference("");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.externalPayouts.list.queryKey({ distributorId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.distributors.detail.queryKey({ id: distributorId }) }),
      ]);
    } catch (err) {
      const info = errorInfo(err);
      if (info.fields && Object.keys(info.fields).length) {
        // The service's keys (exceeds_available, reused, …) have their own text; others are the stable validation keys.
        const text = (key: string) => (t.has(`external.errors.${key}`) ? t(`external.errors.${key}` as "external.errors.required") : (errors.field(key) ?? key));
        setFieldErrors(Object.fromEntries(Object.entries(info.fields).map(([k, key]) => [k, text(key)])));
      } else setFormError(errors.describe(err));
    }
  };

  return (
    <Card data-testid="external-payouts">
      <CardHeader
        title={t("external.history")}
        actions={
          <Button size="sm" variant="secondary" onClick={() => { setDone(null); setOpen(true); }} data-testid="external-payout-open">
            {t("external.button")}
          </Button>
        }
      />
      <CardBody className="space-y-3">
        {done && <Alert tone="success">{done}</Alert>}
        {list.data && list.data.length === 0 && <p className="text-sm text-slate-500">{t("external.none")}</p>}
        {list.data && list.data.length > 0 && (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <Tr>
                  <Th>{t("external.paidAt")}</Th>
                  <Th>{t("external.reference")}</Th>
                  <Th className="text-right">{t("report.income")}</Th>
                  <Th className="text-right">{t("report.tax")}</Th>
                  <Th>{t("report.columns.method")}</Th>
                </Tr>
              </THead>
              <TBody>
                {list.data.map((p) => (
                  <Tr key={p.id}>
                    <Td>{format.dateTime(p.paidAt, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" })}</Td>
                    <Td className="font-mono text-xs">{p.reference}</Td>
                    <Td className="text-right tabular-nums">{formatFen(p.amountFen, locale)}</Td>
                    <Td className="text-right tabular-nums">{formatFen(p.taxFen, locale)}</Td>
                    <Td>{p.taxNote ? t(`note.${p.taxNote}` as "note.withheld_by_platform") : t(`method.${p.taxMethod}`)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </CardBody>
      <Dialog open={open} onOpenChange={setOpen} title={t("external.title")} description={t("external.description")} busy={record.isPending} data-testid="external-payout-dialog">
        <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
          <Field id="xp-amount" label={t("external.amount")} error={fieldErrors.amountFen} required>
            <Input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="1500.00" />
          </Field>
          <Field id="xp-reference" label={t("external.reference")} error={fieldErrors.reference} required>
            <Input value={reference} maxLength={64} onChange={(e) => setReference(e.target.value)} />
          </Field>
          <Field id="xp-paid-at" label={t("external.paidAt")} hint={t("external.paidAtHint")} error={fieldErrors.paidAt} required>
            <Input type="datetime-local" value={paidAt} onChange={(e) => setPaidAt(e.target.value)} />
          </Field>
          <Field id="xp-tax" label={t("external.taxWithheld")}>
            <Select value={taxWithheld} onChange={(e) => setTaxWithheld(e.target.value as "by_brand" | "by_platform")}>
              <option value="by_brand">{t("external.by_brand")}</option>
              <option value="by_platform">{t("external.by_platform")}</option>
            </Select>
          </Field>
          {formError && <Alert tone="danger">{formError}</Alert>}
          <DialogFooter>
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={record.isPending}>
              {t("external.cancel")}
            </Button>
            <Button type="submit" loading={record.isPending} data-testid="external-payout-submit">
              {t("external.submit")}
            </Button>
          </DialogFooter>
        </form>
      </Dialog>
    </Card>
  );
}
