"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ORDER_CHANNELS } from "@/db/kinds";

const ORDER_FIELDS = ["orderId", "status", "paidAt", "completedAt", "lineAmount", "unitPrice", "quantity", "merchantSku", "skuId", "title", "phone", "referralCode", "remark"] as const;
const REFUND_FIELDS = ["refundId", "orderId", "afterSalesStatus", "refundAmount", "refundAt", "merchantSku", "skuId"] as const;
type Field = (typeof ORDER_FIELDS)[number] | (typeof REFUND_FIELDS)[number];

/** What a status value of the brand's file means (server/orders/import/statuses.ts). */
const MEANINGS = { order: ["paid", "completed", "cancelled", "unpaid"], afterSales: ["none", "open", "refunded"] } as const;
type ValueKind = keyof typeof MEANINGS;
interface StatusValue {
  kind: ValueKind;
  label: string;
  meaning: string;
}

/** The values as the mapping stores them: label → meaning, blank labels left out. */
function valueTable<K extends ValueKind>(values: StatusValue[], kind: K): Record<string, (typeof MEANINGS)[K][number]> | undefined {
  const rows = values.filter((v) => v.kind === kind && v.label.trim());
  // The meaning came from MEANINGS[v.kind] (the select offers nothing else).
  return rows.length ? Object.fromEntries(rows.map((v) => [v.label.trim(), v.meaning as (typeof MEANINGS)[K][number]])) : undefined;
}

/** Names, for each field the import reads, the header of the brand's file that holds it. */
export function MappingEditor({ headers, onSaved }: { headers: string[]; onSaved: (id: string) => Promise<void> }) {
  const t = useTranslations("settlement.import.mapping");
  const channels = useTranslations("settlement.channel");
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [channel, setChannel] = useState<(typeof ORDER_CHANNELS)[number]>("other");
  const [kind, setKind] = useState<"orders" | "refunds">("orders");
  const [columns, setColumns] = useState<Partial<Record<Field, string>>>({});
  const [values, setValues] = useState<StatusValue[]>([]);
  const save = useMutation(trpc.imports.saveMapping.mutationOptions({ onSuccess: (m) => onSaved(m.id) }));
  const fields = kind === "orders" ? ORDER_FIELDS : REFUND_FIELDS;
  const select = "rounded border border-slate-300 px-2 py-1 text-sm";

  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 p-4"
      data-testid="mapping-editor"
      onSubmit={(e) => {
        e.preventDefault();
        const picked = Object.fromEntries(fields.flatMap((f) => (columns[f] ? [[f, columns[f]]] : [])));
        const statuses = kind === "orders" ? valueTable(values, "order") : undefined;
        const afterSales = valueTable(values, "afterSales");
        save.mutate({
          name,
          headers,
          mapping: { channel, kind, columns: picked, ...(statuses && { statuses }), ...(afterSales && { afterSales }) },
        });
      }}
    >
      <h3 className="text-sm font-semibold">{t("title")}</h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="text-sm">
          {t("name")}
          <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} data-testid="mapping-name" />
        </label>
        <label className="text-sm">
          {t("channel")}
          <select className={`block ${select}`} value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
            {ORDER_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channels.has(c) ? channels(c) : c}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          {t("kind")}
          <select className={`block ${select}`} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="orders">{t("kinds.orders")}</option>
            <option value="refunds">{t("kinds.refunds")}</option>
          </select>
        </label>
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        {fields.map((f) => (
          <label key={f} className="flex items-center justify-between gap-2 text-sm">
            <span>{t(`fields.${f}`)}</span>
            <select className={select} value={columns[f] ?? ""} onChange={(e) => setColumns({ ...columns, [f]: e.target.value })} data-testid={`mapping-field-${f}`}>
              <option value="">{t("unmapped")}</option>
              {headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <StatusValues values={values} onChange={setValues} kinds={kind === "orders" ? ["order", "afterSales"] : ["afterSales"]} />
      {save.error && <Alert tone="danger">{save.error.data?.code === "UNPROCESSABLE_CONTENT" ? `${t("incomplete")} (${save.error.message})` : errors.describe(save.error)}</Alert>}
      <Button type="submit" loading={save.isPending} data-testid="mapping-save">
        {t("save")}
      </Button>
    </form>
  );
}

/** The brand's own status values: each as the file writes it, and what it means. */
function StatusValues({ values, onChange, kinds }: { values: StatusValue[]; onChange: (v: StatusValue[]) => void; kinds: ValueKind[] }) {
  const t = useTranslations("settlement.import.mapping.values");
  const select = "rounded border border-slate-300 px-2 py-1 text-sm";
  const set = (i: number, change: Partial<StatusValue>) => onChange(values.map((v, j) => (j === i ? { ...v, ...change } : v)));
  const shown = values.map((v, i) => ({ v, i })).filter(({ v }) => kinds.includes(v.kind));
  return (
    <fieldset className="space-y-2" data-testid="mapping-values">
      <legend className="text-sm font-medium">{t("title")}</legend>
      <p className="text-xs text-slate-500">{t("hint")}</p>
      {shown.map(({ v, i }) => (
        <div key={i} className="flex flex-wrap items-center gap-2 text-sm">
          <select className={select} aria-label={t("title")} value={v.kind} onChange={(e) => set(i, { kind: e.target.value as ValueKind, meaning: MEANINGS[e.target.value as ValueKind][0] })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(k)}
              </option>
            ))}
          </select>
          <Input className="w-48" aria-label={t("label")} placeholder={t("label")} value={v.label} maxLength={200} onChange={(e) => set(i, { label: e.target.value })} data-testid={`mapping-value-label-${i}`} />
          <select className={select} aria-label={t("meaning")} value={v.meaning} onChange={(e) => set(i, { meaning: e.target.value })} data-testid={`mapping-value-meaning-${i}`}>
            {MEANINGS[v.kind].map((m) => (
              <option key={m} value={m}>
                {t(`meanings.${m}`)}
              </option>
            ))}
          </select>
          <Button type="button" variant="secondary" onClick={() => onChange(values.filter((_, j) => j !== i))}>
            {t("remove")}
          </Button>
        </div>
      ))}
      <Button type="button" variant="secondary" onClick={() => onChange([...values, { kind: kinds[0]!, label: "", meaning: MEANINGS[kinds[0]!][0] }])} data-testid="mapping-value-add">
        {t("add")}
      </Button>
    </fieldset>
  );
}
