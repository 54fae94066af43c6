"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** Save button; "Saved" shows after a successful save until the form is edited again. */
export function FormFooter({
  saving,
  saved,
  disabled,
  testId,
}: {
  saving: boolean;
  saved: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  const t = useTranslations("common");
  return (
    <div className="flex items-center justify-end gap-3 border-t border-slate-100 px-6 py-4">
      <span role="status" aria-live="polite" className="text-sm text-emerald-700" data-testid={testId ? `${testId}-status` : undefined}>
        {saved ? t("saved") : ""}
      </span>
      <Button type="submit" loading={saving} disabled={disabled} data-testid={testId}>
        {saving ? t("saving") : t("save")}
      </Button>
    </div>
  );
}
