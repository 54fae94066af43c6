"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DistributorStatus } from "./types";

const STATUS_TONE: Record<DistributorStatus, BadgeTone> = {
  applied: "warning",
  active: "success",
  frozen: "info",
  disabled: "neutral",
  rejected: "danger",
};

/** Words for the network's enum values (status, role, binding source, actor). */
export function useNetworkLabels() {
  const t = useTranslations("network");
  const label = useCallback(
    (group: "status" | "role" | "source" | "actor" | "identityKind", value: string) => {
      const key = `${group}.${value}`;
      return t.has(key) ? t(key) : value;
    },
    [t],
  );
  return useMemo(
    () => ({
      status: (s: string) => label("status", s),
      role: (r: string) => label("role", r),
      source: (s: string) => label("source", s),
      actor: (a: string) => label("actor", a),
      identityKind: (k: string) => label("identityKind", k),
    }),
    [label],
  );
}

export function StatusBadge({ status, className }: { status: DistributorStatus; className?: string }) {
  const labels = useNetworkLabels();
  return (
    <Badge tone={STATUS_TONE[status]} className={className}>
      {labels.status(status)}
    </Badge>
  );
}
