"use client";

import { useLocale, useTranslations } from "next-intl";
import type { PortalStatus } from "./portal-types";
import { formatFen } from "@/components/ui/money";

type Enrolment = PortalStatus["enrolment"];

/** Whether this member may apply now under the brand's enrolment mode. */
export function canApply(e: Enrolment): boolean {
  if (e.mode === "open") return true;
  if (e.mode === "spend_threshold") return e.spentFen >= e.thresholdFen;
  return false;
}

/** Spent so far against the brand's threshold, as a bar and in words. */
function ThresholdProgress({
  spentFen,
  thresholdFen,
}: {
  spentFen: number;
  thresholdFen: number;
}) {
  const t = useTranslations("portal.enrolment");
  const locale = useLocale();
  const pct = thresholdFen > 0 ? Math.min(100, Math.floor((spentFen / thresholdFen) * 100)) : 100;
  const reached = spentFen >= thresholdFen;
  return (
    <div className="space-y-2" data-testid="enrolment-threshold">
      <div
        role="progressbar"
        aria-label={t("progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className="h-full rounded-full bg-brand-500 transition-[width]"
          style={{ width: `${pct}%` }}
        />
      </div>
      <p className="flex justify-between gap-3 text-sm text-slate-600">
        <span>
          {t("spent", { spent: formatFen(spentFen, locale), threshold: formatFen(thresholdFen, locale) })}
        </span>
        {!reached && (
          <span className="font-medium text-slate-800">
            {t("remaining", { amount: formatFen(thresholdFen - spentFen, locale) })}
          </span>
        )}
      </p>
    </div>
  );
}

/** Why this member cannot apply (yet), in the brand's terms. Null when they can. */
export function EnrolmentClosed({
  enrolment,
  brandName,
}: {
  enrolment: Enrolment;
  brandName: string;
}) {
  const t = useTranslations("portal.enrolment");
  const locale = useLocale();
  if (canApply(enrolment)) return null;
  if (enrolment.mode === "admin_only") {
    return (
      <div className="space-y-1" data-testid="enrolment-admin-only">
        <h3 className="font-semibold text-slate-900">
          {t("adminOnlyTitle", { brand: brandName })}
        </h3>
        <p className="text-sm text-slate-600">{t("adminOnlyBody", { brand: brandName })}</p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="space-y-1">
        <h3 className="font-semibold text-slate-900">
          {t("thresholdTitle", { threshold: formatFen(enrolment.thresholdFen, locale) })}
        </h3>
        <p className="text-sm text-slate-600">{t("thresholdBody", { brand: brandName })}</p>
      </div>
      <ThresholdProgress spentFen={enrolment.spentFen} thresholdFen={enrolment.thresholdFen} />
    </div>
  );
}
