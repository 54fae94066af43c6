"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";

const STEP_LINKS: Record<string, { href: string; can: "program" | "staff" | "apiKey" } | undefined> = {
  commission: { href: "/console/settings/program", can: "program" },
  staff: { href: "/console/settings/staff", can: "staff" },
  apiKey: { href: "/console/settings/api-keys", can: "apiKey" },
};

export function OnboardingChecklist({
  portalUrl,
  can,
}: {
  portalUrl: string;
  can: { program: boolean; staff: boolean; apiKey: boolean; dismiss: boolean };
}) {
  const t = useTranslations("console.onboarding");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const [error, setError] = useState<string | null>(null);
  const status = useQuery(trpc.settings.onboarding.queryOptions());
  const dismiss = useMutation(
    trpc.settings.dismissOnboarding.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.onboarding.queryKey() }),
      onError: (e) => setError(errors.describe(e)),
    }),
  );

  if (status.isPending) {
    return (
      <Card aria-busy="true">
        <CardBody className="text-sm text-slate-500">{t("loading")}</CardBody>
      </Card>
    );
  }
  if (status.isError) {
    return (
      <Alert tone="danger" title={t("loadFailed")}>
        <Button variant="secondary" size="sm" className="mt-2" onClick={() => void status.refetch()}>
          {t("retry")}
        </Button>
      </Alert>
    );
  }
  const { steps, completed, dismissed } = status.data;
  if (dismissed) return null;
  const total = steps.length;
  const allDone = completed === total;

  return (
    <Card data-testid="onboarding-checklist" aria-labelledby="onboarding-title">
      <CardHeader
        titleId="onboarding-title"
        title={allDone ? t("doneTitle") : t("title")}
        description={allDone ? t("doneBody") : t("description")}
        actions={
          can.dismiss && (
            <Button
              variant="ghost"
              size="sm"
              loading={dismiss.isPending}
              onClick={() => dismiss.mutate()}
              data-testid="onboarding-dismiss"
            >
              {t("dismiss")}
            </Button>
          )
        }
      />
      <CardBody className="space-y-5">
        {error && <Alert tone="danger">{error}</Alert>}
        <div>
          <div className="mb-1.5 flex items-center justify-between text-sm">
            <span className="text-slate-600">{t("progressLabel")}</span>
            <span className="font-semibold text-slate-900" data-testid="onboarding-progress">
              {completed}/{total}
            </span>
          </div>
          <div
            role="progressbar"
            aria-label={t("progressLabel")}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={completed}
            aria-valuetext={t("progressText", { done: completed, total })}
            className="h-2 overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full rounded-full bg-brand-500 transition-all" style={{ width: `${(completed / total) * 100}%` }} />
          </div>
        </div>
        <ol className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {steps.map((step, i) => {
            const link = STEP_LINKS[step.id];
            const allowed = link ? can[link.can] : true;
            return (
              <li
                key={step.id}
                data-testid={`onboarding-step-${step.id}`}
                data-done={step.done ? "true" : "false"}
                className="flex flex-wrap items-start gap-4 px-4 py-4"
              >
                <span
                  aria-hidden="true"
                  className={cn(
                    "mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                    step.done ? "bg-emerald-500 text-white" : "border border-slate-300 text-slate-500",
                  )}
                >
                  {step.done ? "✓" : i + 1}
                </span>
                <div className="min-w-0 flex-1">
                  <p className={cn("text-sm font-medium", step.done ? "text-slate-500" : "text-slate-900")}>
                    {t(`steps.${step.id}.title`)}
                    <span className="sr-only">{step.done ? t("stepDone") : t("stepTodo")}</span>
                  </p>
                  <p className="mt-0.5 text-sm text-slate-600">{t(`steps.${step.id}.body`)}</p>
                  {step.id === "distributor" && (
                    <div className="mt-3 flex flex-wrap items-center gap-2">
                      <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800" data-testid="portal-link">
                        {portalUrl}
                      </code>
                      <CopyButton value={portalUrl} label={t("copyPortalLink")} data-testid="copy-portal-link" />
                      <a href={portalUrl} target="_blank" rel="noreferrer" className="text-sm font-medium text-brand-700 hover:underline">
                        {t("openPortal")}
                      </a>
                    </div>
                  )}
                  {link && !allowed && !step.done && <p className="mt-1 text-xs text-slate-500">{t("askAdmin")}</p>}
                </div>
                {link && allowed && (
                  <Link href={link.href} className={buttonClasses(step.done ? "ghost" : "secondary", "sm")}>
                    {step.done ? t("review") : t(`steps.${step.id}.action`)}
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}
