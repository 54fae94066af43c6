"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";

/** Approve / reject with a required reason: used for one order, a bulk selection and a case. */
export function DecisionDialog({
  decision,
  busy,
  error,
  onCancel,
  onConfirm,
  hint,
}: {
  decision: "approve" | "reject" | null;
  busy: boolean;
  error?: string;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
  hint?: string;
}) {
  const t = useTranslations("riskCenter.review");
  const [reason, setReason] = useState("");
  return (
    <Dialog open={decision !== null} onOpenChange={(o) => !o && onCancel()} title={decision === "reject" ? t("reject") : t("approve")} busy={busy}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(reason.trim());
        }}
      >
        {hint && <p className="mb-3 text-sm text-slate-600">{hint}</p>}
        <Field id="decision-reason" label={t("reason")} error={error} required>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t("reasonPlaceholder")} maxLength={500} rows={3} data-testid="decision-reason" />
        </Field>
        <p className="mt-2 text-xs text-slate-500">{t("reversible")}</p>
        <DialogFooter>
          <button type="button" className={buttonClasses("ghost")} onClick={onCancel}>
            {t("cancel")}
          </button>
          <Button type="submit" variant={decision === "reject" ? "danger" : "primary"} loading={busy} disabled={!reason.trim()} data-testid="confirm-decision">
            {t("confirm")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
