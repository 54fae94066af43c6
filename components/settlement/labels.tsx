"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatFen } from "@/components/ui/money";

type Group =
  | "channel"
  | "orderStatus"
  | "attribution"
  | "risk"
  | "commissionStatus"
  | "source"
  | "eventType"
  | "journalKind"
  | "accountType"
  | "riskRule";

/** Words for the settlement area's enum values, and money in the reader's locale. */
export function useSettlementLabels() {
  const t = useTranslations("settlement");
  const locale = useLocale();
  const label = useCallback(
    (group: Group, value: string) => (t.has(`${group}.${value}`) ? t(`${group}.${value}`) : value),
    [t],
  );
  return useMemo(
    () => ({
      label,
      money: (fen: number) => formatFen(fen, locale),
      tier: (tier: number) => t("tier", { tier }),
    }),
    [label, locale, t],
  );
}

const ORDER_TONE: Record<string, BadgeTone> = {
  paid: "info",
  completed: "success",
  cancelled: "neutral",
};
const RISK_TONE: Record<string, BadgeTone> = {
  allow: "success",
  review: "warning",
  block: "danger",
};
const COMMISSION_TONE: Record<string, BadgeTone> = {
  pending: "info",
  held: "warning",
  settled: "success",
  cancelled: "neutral",
};

export function OrderStatusBadge({ status }: { status: string }) {
  const { label } = useSettlementLabels();
  return <Badge tone={ORDER_TONE[status] ?? "neutral"}>{label("orderStatus", status)}</Badge>;
}

export function RiskBadge({ verdict }: { verdict: string }) {
  const { label } = useSettlementLabels();
  return <Badge tone={RISK_TONE[verdict] ?? "neutral"}>{label("risk", verdict)}</Badge>;
}

export function CommissionStatusBadge({ status }: { status: string }) {
  const { label } = useSettlementLabels();
  return (
    <Badge tone={COMMISSION_TONE[status] ?? "neutral"}>{label("commissionStatus", status)}</Badge>
  );
}
