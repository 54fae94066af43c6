"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { REJECT_PRESETS, REJECT_REASON_MAX, REJECT_REASON_MIN } from "./reject-presets";
import { useNetworkErrors } from "./use-network-errors";
import { useInvalidateNetwork } from "./use-invalidate-network";

interface Target {
  id: string;
  name: string;
  code: string;
}

export interface ReviewOutcome {
  decision: "approve" | "reject";
  items: (Target & { ok: boolean; error?: "not_found" | "not_pending" })[];
  /** The whole request failed (nothing was changed). */
  requestError?: string;
}

/** Approve / reject applications; every id gets its own result (some may already be handled). */
export function useReview() {
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const { mutateAsync } = useMutation(trpc.distributors.review.mutationOptions());
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());
  const [bulkPending, setBulkPending] = useState<"approve" | "reject" | null>(null);

  const run = useCallback(
    async (targets: Target[], decision: "approve" | "reject", reason?: string): Promise<ReviewOutcome> => {
      const ids = targets.map((t) => t.id);
      setPendingIds((s) => new Set([...s, ...ids]));
      if (targets.length > 1) setBulkPending(decision);
      try {
        const results = await mutateAsync({ ids, decision, reason });
        const byId = new Map(results.map((r) => [r.id, r]));
        await invalidate();
        return {
          decision,
          items: targets.map((t) => ({
            id: t.id,
            name: t.name,
            code: t.code,
            ok: byId.get(t.id)?.ok ?? false,
            error: byId.get(t.id)?.error ?? (byId.has(t.id) ? undefined : "not_found"),
          })),
        };
      } catch (e) {
        return {
          decision,
          items: targets.map((t) => ({ id: t.id, name: t.name, code: t.code, ok: false })),
          requestError: errors.describe(e),
        };
      } finally {
        setPendingIds((s) => new Set([...s].filter((id) => !ids.includes(id))));
        setBulkPending(null);
      }
    },
    [mutateAsync, invalidate, errors],
  );

  return { run, pendingIds, bulkPending };
}

export function ReviewResults({ outcome, onDismiss }: { outcome: ReviewOutcome; onDismiss: () => void }) {
  const t = useTranslations("network.review");
  const ok = outcome.items.filter((i) => i.ok).length;
  const total = outcome.items.length;
  const tone = outcome.requestError || ok === 0 ? "danger" : ok < total ? "warning" : "success";
  return (
    <Alert
      tone={tone}
      data-testid="review-results"
      title={
        outcome.requestError
          ? t("requestFailed")
          : t(outcome.decision === "approve" ? "approvedSummary" : "rejectedSummary", { ok, total })
      }
    >
      {outcome.requestError && <p>{outcome.requestError}</p>}
      {!outcome.requestError && (total > 1 || ok < total) && (
        <ul className="mt-1 space-y-0.5">
          {outcome.items.map((i) => (
            <li key={i.id} data-testid={`review-result-${i.code}`} data-ok={i.ok}>
              <span aria-hidden="true">{i.ok ? "✓" : "✗"}</span> {i.name} <span className="font-mono text-xs">({i.code})</span>
              {" — "}
              {i.ok
                ? t(outcome.decision === "approve" ? "itemApproved" : "itemRejected")
                : t(i.error === "not_pending" ? "itemNotPending" : "itemNotFound")}
            </li>
          ))}
        </ul>
      )}
      <Button variant="ghost" size="sm" className="mt-2 -ml-3" onClick={onDismiss}>
        {t("dismiss")}
      </Button>
    </Alert>
  );
}

/** Rejecting needs a reason; the applicant sees it in the portal. */
export function RejectDialog({
  targets,
  onClose,
  onDone,
}: {
  targets: Target[];
  onClose: () => void;
  onDone: (outcome: ReviewOutcome) => void;
}) {
  const t = useTranslations("network.review");
  const review = useReview();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = targets[0];
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={targets.length === 1 && first ? t("rejectOneTitle", { name: first.name }) : t("rejectManyTitle", { count: targets.length })}
      description={t("rejectDescription")}
      data-testid="reject-dialog"
    >
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (reason.trim().length < REJECT_REASON_MIN) {
            setError(t("reasonRequired"));
            return;
          }
          setError(null);
          setRequestError(null);
          setBusy(true);
          const outcome = await review.run(targets, "reject", reason.trim());
          setBusy(false);
          if (outcome.requestError) setRequestError(outcome.requestError);
          else onDone(outcome);
        }}
      >
        {targets.length > 1 && (
          <p className="mb-3 text-sm text-slate-700">{targets.map((x) => `${x.name} (${x.code})`).join("、")}</p>
        )}
        {requestError && (
          <Alert tone="danger" className="mb-3">
            {requestError}
          </Alert>
        )}
        <fieldset className="mb-3">
          <legend className="mb-1.5 text-sm font-medium text-slate-800">{t("presetsLabel")}</legend>
          <div className="flex flex-wrap gap-2">
            {REJECT_PRESETS.map((key) => {
              const text = t(`presets.${key}`);
              return (
                <button
                  key={key}
                  type="button"
                  aria-pressed={reason.trim() === text}
                  onClick={() => {
                    // Replaces what was typed: a preset is a whole reason, edited afterwards if need be.
                    setReason(text);
                    setError(null);
                  }}
                  title={text}
                  className="max-w-full truncate rounded-full border border-slate-200 bg-white px-3 py-1 text-left text-xs text-slate-700 hover:border-brand-300 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600 aria-pressed:border-brand-400 aria-pressed:bg-brand-50 aria-pressed:text-brand-800"
                  data-testid={`reject-preset-${key}`}
                >
                  {text}
                </button>
              );
            })}
          </div>
        </fieldset>
        <Field id="reject-reason" label={t("reason")} hint={t("reasonHint")} error={error ?? undefined} required>
          <Textarea
            value={reason}
            maxLength={REJECT_REASON_MAX}
            onChange={(e) => setReason(e.target.value)}
            data-testid="reject-reason"
            autoFocus
          />
        </Field>
        <DialogFooter>
          <Button variant="secondary" disabled={busy} onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" variant="danger" loading={busy} data-testid="reject-submit">
            {t("rejectConfirm", { count: targets.length })}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
