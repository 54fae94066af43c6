"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";

/**
 * useErrorMessages plus the network's own validation keys ("network.validation"), which the
 * network services and forms use as field messages (e.g. "inviter.invalid").
 */
export function useNetworkErrors() {
  const base = useErrorMessages();
  const t = useTranslations("network.validation");
  const field = useCallback(
    (message?: string): string | undefined => (message && t.has(message) ? t(message) : base.field(message)),
    [t, base],
  );
  return useMemo(() => ({ field, describe: base.describe }), [field, base.describe]);
}
