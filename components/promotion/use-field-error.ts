"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";

/** Field messages are i18n keys: promotion's own first, then the shared ones. */
export function useFieldError() {
  const t = useTranslations("promotion.validation");
  const errors = useErrorMessages();
  return useCallback(
    (message?: string) => (message && t.has(message) ? t(message) : errors.field(message)),
    [t, errors],
  );
}
