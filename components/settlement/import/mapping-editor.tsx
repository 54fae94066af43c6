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
        save.mutate({ name, headers, mapping: { channel, kind, columns: picked } });
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
      {save.error && <Alert tone="danger">{save.error.data?.code === "UNPROCESSABLE_CONTENT" ? `${t("incomplete")} (${save.error.message})` : errors.describe(save.error)}</Alert>}
      <Button type="submit" loading={save.isPending} data-testid="mapping-save">
        {t("save")}
      </Button>
    </form>
  );
}
