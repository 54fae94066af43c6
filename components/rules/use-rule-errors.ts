"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";

/** useErrorMessages plus the rules' own validation keys ("rules.validation", e.g. "tier.payOne"). */
export function useRuleErrors() {
  const base = useErrorMessages();
  const t = useTranslations("rules.validation");
  const field = useCallback(
    (message?: string): string | undefined =>
      message && t.has(message) ? t(message) : base.field(message),
    [t, base],
  );
  return useMemo(() => ({ field, describe: base.describe }), [field, base.describe]);
}
