"use client";

import { useTranslations } from "next-intl";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { errorInfo } from "@/components/forms/trpc-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

export function Loading({ label }: { label?: string }) {
  const t = useTranslations("common");
  return (
    <div role="status" className="flex items-center gap-2 py-10 text-sm text-slate-500" aria-live="polite">
      <Spinner />
      {label ?? t("loading")}
    </div>
  );
}

/** A failed load, with a retry. FORBIDDEN gets the friendly "no permission" wording. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useTranslations("common");
  const tp = useTranslations("console.noPermission");
  const errors = useErrorMessages();
  if (errorInfo(error).code === "FORBIDDEN") {
    return (
      <Alert tone="warning" title={tp("title")} data-testid="no-permission">
        {tp("body")}
      </Alert>
    );
  }
  return (
    <Alert tone="danger" title={t("loadFailed")}>
      <p>{errors.describe(error)}</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
        {t("retry")}
      </Button>
    </Alert>
  );
}
