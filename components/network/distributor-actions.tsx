"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { errorInfo } from "@/components/forms/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { DISTRIBUTOR_ROLES } from "@/server/network/schemas";
import { DistributorPicker, type PickedDistributor } from "./distributor-picker";
import { useNetworkLabels } from "./labels";
import type { DistributorDetail, DistributorRole } from "./types";
import { useInvalidateNetwork } from "./use-invalidate-network";
import { useNetworkErrors } from "./use-network-errors";

type Profile = DistributorDetail["profile"];
export type StatusTarget = "active" | "frozen" | "disabled";

/** The status changes a distributor in each status allows (mirrors the service's rules). */
export const STATUS_ACTIONS: Record<Profile["status"], { to: StatusTarget; action: "freeze" | "disable" | "reactivate" }[]> = {
  applied: [],
  rejected: [],
  active: [
    { to: "frozen", action: "freeze" },
    { to: "disabled", action: "disable" },
  ],
  frozen: [
    { to: "active", action: "reactivate" },
    { to: "disabled", action: "disable" },
  ],
  disabled: [{ to: "active", action: "reactivate" }],
};

function ReasonField({
  id,
  value,
  onChange,
  error,
  hint,
  testId,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  testId: string;
}) {
  const t = useTranslations("network.actions");
  return (
    <Field id={id} label={t("reason")} hint={hint ?? t("reasonHint")} error={error} required>
      <Textarea value={value} maxLength={200} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </Field>
  );
}

/** Freeze / disable / reactivate, each with a required reason (kept in the status history). */
export function ChangeStatusDialog({
  profile,
  action,
  onClose,
  onDone,
}: {
  profile: Profile;
  action: { to: StatusTarget; action: "freeze" | "disable" | "reactivate" };
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const t = useTranslations("network.actions");
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const change = useMutation(trpc.distributors.changeStatus.mutationOptions());
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      busy={change.isPending}
      title={t(`${action.action}.title`, { name: profile.name })}
      description={t(`${action.action}.body`)}
      data-testid="status-dialog"
    >
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (reason.trim().length < 2) return setReasonError(t("reasonRequired"));
          setReasonError(undefined);
          setError(null);
          try {
            await change.mutateAsync({ id: profile.id, status: action.to, reason: reason.trim() });
            await invalidate();
            onDone(t(`${action.action}.done`, { name: profile.name }));
          } catch (err) {
            const info = errorInfo(err);
            if (info.fields?.reason) setReasonError(errors.field(info.fields.reason));
            else setError(errors.describe(err));
          }
        }}
      >
        {error && (
          <Alert tone="danger" className="mb-4">
            {error}
          </Alert>
        )}
        <ReasonField id="status-reason" value={reason} onChange={setReason} error={reasonError} testId="status-reason" />
        <DialogFooter>
          <Button variant="secondary" disabled={change.isPending} onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button
            type="submit"
            variant={action.to === "active" ? "primary" : "danger"}
            loading={change.isPending}
            data-testid="status-submit"
          >
            {t(`${action.action}.confirm`)}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

/** Role, region (city partners need one) and level. */
export function EditProfileDialog({ profile, onClose, onDone }: { profile: Profile; onClose: () => void; onDone: (message: string) => void }) {
  const t = useTranslations("network.actions");
  const labels = useNetworkLabels();
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const update = useMutation(trpc.distributors.updateProfile.mutationOptions());
  const [role, setRole] = useState<DistributorRole>(profile.role);
  const [region, setRegion] = useState(profile.region ?? "");
  const [levelId, setLevelId] = useState(profile.levelId ?? "");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      busy={update.isPending}
      title={t("profile.title", { name: profile.name })}
      description={t("profile.body")}
      data-testid="profile-dialog"
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          if (role === "city_partner" && !region.trim()) {
            return setFieldErrors({ region: errors.field("region.requiredForCityPartner") });
          }
          setFieldErrors({});
          setError(null);
          try {
            await update.mutateAsync({ id: profile.id, role, region: region.trim() || null, levelId: levelId || null });
            await invalidate();
            onDone(t("profile.done"));
          } catch (err) {
            const info = errorInfo(err);
            if (info.fields) setFieldErrors(Object.fromEntries(Object.entries(info.fields).map(([k, v]) => [k, errors.field(v)])));
            setError(errors.describe(err));
          }
        }}
      >
        {error && <Alert tone="danger">{error}</Alert>}
        <Field id="profile-role" label={t("profile.role")} hint={t("profile.roleHint")} error={fieldErrors.role} required>
          <Select value={role} onChange={(e) => setRole(e.target.value as DistributorRole)} data-testid="profile-role">
            {DISTRIBUTOR_ROLES.map((r) => (
              <option key={r} value={r}>
                {labels.role(r)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="profile-region"
          label={t("profile.region")}
          hint={role === "city_partner" ? t("profile.regionHintCityPartner") : undefined}
          error={fieldErrors.region}
          required={role === "city_partner"}
        >
          <Input value={region} maxLength={60} onChange={(e) => setRegion(e.target.value)} data-testid="profile-region" />
        </Field>
        <Field
          id="profile-level"
          label={t("profile.level")}
          hint={levels.data?.length === 0 ? t("profile.noLevels") : t("profile.levelHint")}
          error={fieldErrors.levelId}
        >
          <Select value={levelId} onChange={(e) => setLevelId(e.target.value)} data-testid="profile-level">
            <option value="">{t("profile.noLevel")}</option>
            {levels.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </Select>
        </Field>
        <DialogFooter>
          <Button variant="secondary" disabled={update.isPending} onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" loading={update.isPending} data-testid="profile-submit">
            {t("save")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

/**
 * Moves a distributor (with its whole team) under another upline or to the top level. The
 * service refuses loops (an upline inside the distributor's own team); that refusal is shown.
 */
export function ReparentDialog({
  profile,
  currentUpline,
  onClose,
  onDone,
}: {
  profile: Profile;
  currentUpline: { id: string; code: string; name: string } | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const t = useTranslations("network.reparent");
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const move = useMutation(trpc.distributors.reparent.mutationOptions());
  const [mode, setMode] = useState<"under" | "top">("under");
  const [upline, setUpline] = useState<PickedDistributor | null>(null);
  const [reason, setReason] = useState("");
  const [errs, setErrs] = useState<{ upline?: string; reason?: string }>({});
  const [refusal, setRefusal] = useState<{ title: string; body: string; detail?: string } | null>(null);

  const submit = async () => {
    const next: typeof errs = {};
    if (mode === "under" && !upline) next.upline = t("uplineRequired");
    if (reason.trim().length < 2) next.reason = t("reasonRequired");
    setErrs(next);
    if (next.upline || next.reason) return;
    setRefusal(null);
    const target = mode === "under" ? upline : null;
    try {
      const r = await move.mutateAsync({ distributorId: profile.id, newUplineId: target?.id ?? null, reason: reason.trim() });
      await invalidate();
      if (!r.changed) onDone(t("unchanged"));
      else if (target) onDone(t("movedUnder", { name: profile.name, upline: `${target.name} (${target.code})` }));
      else onDone(t("movedTop", { name: profile.name }));
    } catch (err) {
      const info = errorInfo(err);
      if (info.fields?.reason) return setErrs({ reason: errors.field(info.fields.reason) });
      if (info.code === "PRECONDITION_FAILED") {
        // The service names the refusal: a loop (the new upline is inside this distributor's
        // team) or the distributor itself.
        const loop = info.fields?.newUplineId === "reparent.loop";
        setRefusal({
          title: t("refusedTitle"),
          body: loop
            ? t("loopRefused", { name: profile.name, upline: target ? `${target.name} (${target.code})` : "" })
            : t("selfRefused"),
          detail: info.message,
        });
      } else if (info.code === "NOT_FOUND") {
        setRefusal({ title: t("refusedTitle"), body: t("notFound") });
      } else {
        setRefusal({ title: t("failedTitle"), body: errors.describe(err) });
      }
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      busy={move.isPending}
      size="lg"
      title={t("title", { name: profile.name })}
      description={t("description")}
      data-testid="reparent-dialog"
    >
      <form
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="text-sm text-slate-700">
          {t("current")}{" "}
          <span className="font-medium">
            {currentUpline ? `${currentUpline.name} (${currentUpline.code})` : t("topLevel")}
          </span>
        </p>
        {refusal && (
          <Alert tone="danger" title={refusal.title} data-testid="reparent-error">
            <p>{refusal.body}</p>
            {refusal.detail && <p className="mt-1 text-xs opacity-80">{t("serverSaid", { message: refusal.detail })}</p>}
          </Alert>
        )}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">{t("destination")}</legend>
          {(["under", "top"] as const).map((m) => (
            <label
              key={m}
              className={cn(
                "flex cursor-pointer gap-3 rounded-md border p-3",
                mode === m ? "border-brand-500 bg-brand-50/50" : "border-slate-200 hover:bg-slate-50",
              )}
            >
              <input
                type="radio"
                name="reparent-mode"
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
                className="mt-0.5 size-4 accent-brand-600"
                data-testid={`reparent-mode-${m}`}
              />
              <span>
                <span className="block text-sm font-medium text-slate-900">{t(`mode.${m}.title`)}</span>
                <span className="mt-0.5 block text-sm text-slate-600">{t(`mode.${m}.body`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {mode === "under" && (
          <Field id="reparent-upline" label={t("newUpline")} hint={t("newUplineHint")} error={errs.upline} required>
            <DistributorPicker
              value={upline}
              onChange={setUpline}
              exclude={{ id: profile.id, code: profile.code }}
              inputTestId="reparent-upline-code"
            />
          </Field>
        )}
        <ReasonField
          id="reparent-reason"
          value={reason}
          onChange={setReason}
          error={errs.reason}
          hint={t("reasonHint")}
          testId="reparent-reason"
        />
        <DialogFooter>
          <Button variant="secondary" disabled={move.isPending} onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" loading={move.isPending} data-testid="reparent-submit">
            {t("submit")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
