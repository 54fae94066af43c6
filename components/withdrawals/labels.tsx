"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatFen } from "@/components/ui/money";

type Group = "channel" | "status" | "taxMethod" | "actor" | "reason";

/** Words for withdrawal enums, and money in the reader's locale. */
export function useWithdrawalLabels() {
  const t = useTranslations("withdrawals");
  const locale = useLocale();
  const label = useCallback((group: Group, value: string) => (t.has(`${group}.${value}`) ? t(`${group}.${value}`) : value), [t]);
  return useMemo(() => ({ label, money: (fen: number) => formatFen(fen, locale) }), [label, locale]);
}

const TONE: Record<string, BadgeTone> = {
  reviewing: "warning",
  approved: "info",
  paying: "info",
  waiting_confirmation: "brand",
  paid: "success",
  rejected: "danger",
  failed: "danger",
  cancelled: "neutral",
  expired: "neutral",
};

export function WithdrawalStatusBadge({ status }: { status: string }) {
  const { label } = useWithdrawalLabels();
  return <Badge tone={TONE[status] ?? "neutral"}>{label("status", status)}</Badge>;
}
