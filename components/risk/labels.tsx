"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { errorInfo } from "@/components/forms/trpc-error";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatFen } from "@/components/ui/money";

/** Words for the Risk Control Center's enums (rule codes fall back to the code), and money. */
export function useRiskLabels() {
  const t = useTranslations("riskCenter");
  const locale = useLocale();
  const label = useCallback((group: string, value: string) => (t.has(`${group}.${value}`) ? t(`${group}.${value}`) : value), [t]);
  return useMemo(() => ({ label, money: (fen: number) => formatFen(fen, locale) }), [label, locale]);
}

const TONE: Record<string, BadgeTone> = { open: "warning", approved: "success", rejected: "danger", blocked: "danger", dismissed: "neutral", review: "warning", block: "danger" };

export function StateBadge({ state }: { state: string }) {
  const { label } = useRiskLabels();
  return <Badge tone={TONE[state] ?? "neutral"}>{label("state", state)}</Badge>;
}

export function RuleChips({ codes }: { codes: string[] }) {
  const { label } = useRiskLabels();
  return (
    <div className="flex flex-wrap gap-1">
      {[...new Set(codes)].map((c) => (
        <Badge key={c} tone="info">
          {label("rule", c)}
        </Badge>
      ))}
    </div>
  );
}

/** A refused decision in the reader's language (the service's field key), else the server's message. */
export function useDecisionError() {
  const t = useTranslations("riskCenter.refusal");
  return useCallback(
    (e: unknown): string | undefined => {
      if (!e) return undefined;
      const { fields, message } = errorInfo(e);
      const key = fields?.decision;
      return key && t.has(key) ? t(key) : message;
    },
    [t],
  );
}
