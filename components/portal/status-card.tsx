"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { canApply, EnrolmentClosed } from "./enrolment";
import { ChevronIcon, CustomersIcon, PromoteIcon, TeamIcon } from "./icons";
import { InvitePanel } from "./invite-panel";
import { portalPath } from "./links";
import { PortalQueryState } from "./list-frame";
import type { DistributorStatus, PortalDistributor, PortalStatus } from "./portal-types";
import { PortalLoading } from "./query-states";

export const STATUS_TONE: Record<DistributorStatus, BadgeTone> = {
  applied: "info",
  active: "success",
  frozen: "warning",
  disabled: "neutral",
  rejected: "danger",
};

function StatusSection({
  status,
  children,
  className,
}: {
  status: DistributorStatus | "none" | "loading";
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      data-testid="portal-status"
      data-status={status}
      className={cn(
        "space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-xs",
        className,
      )}
    >
      {children}
    </section>
  );
}

/** The home page's distributor card: what the member is in this brand's program and what to do next. */
export function StatusCard({ slug, brandName }: { slug: string; brandName: string }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.portalNetwork.status.queryOptions({ slug }));
  if (!status.isSuccess) {
    return (
      <PortalQueryState
        query={status}
        slug={slug}
        path={portalPath(slug)}
        loading={
          <StatusSection status="loading">
            <PortalLoading className="py-6" />
          </StatusSection>
        }
      />
    );
  }
  const { distributor, enrolment } = status.data;
  if (!distributor)
    return <NotDistributor slug={slug} brandName={brandName} enrolment={enrolment} />;
  if (distributor.status === "active")
    return (
      <ActiveCard
        slug={slug}
        brandName={brandName}
        d={distributor}
        earnsOnTeam={status.data.commissionLevels > 1}
      />
    );
  return (
    <PendingOrBlocked slug={slug} brandName={brandName} d={distributor} enrolment={enrolment} />
  );
}

function ApplyLink({ slug, children }: { slug: string; children: ReactNode }) {
  return (
    <Link
      href={portalPath(slug, "apply")}
      className={buttonClasses("primary", "lg", "w-full")}
      data-testid="apply-cta"
    >
      {children}
    </Link>
  );
}

function NotDistributor({
  slug,
  brandName,
  enrolment,
}: {
  slug: string;
  brandName: string;
  enrolment: PortalStatus["enrolment"];
}) {
  const t = useTranslations("portal.status");
  return (
    <StatusSection status="none">
      {canApply(enrolment) ? (
        <>
          <div className="space-y-1">
            <h2 className="text-lg font-semibold text-slate-900">
              {t("none.title", { brand: brandName })}
            </h2>
            <p className="text-sm text-slate-600">{t("none.body", { brand: brandName })}</p>
            <p className="text-xs text-slate-500">
              {enrolment.autoApprove
                ? t("none.autoApprove")
                : t("none.reviewed", { brand: brandName })}
            </p>
          </div>
          <ApplyLink slug={slug}>{t("none.cta")}</ApplyLink>
        </>
      ) : (
        <EnrolmentClosed enrolment={enrolment} brandName={brandName} />
      )}
    </StatusSection>
  );
}

function PendingOrBlocked({
  slug,
  brandName,
  d,
  enrolment,
}: {
  slug: string;
  brandName: string;
  d: PortalDistributor;
  enrolment: PortalStatus["enrolment"];
}) {
  const t = useTranslations("portal.status");
  const ts = useTranslations("portal.statuses");
  const format = useFormatter();
  const heading = (title: string) => (
    <div className="flex items-start justify-between gap-3">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      <Badge tone={STATUS_TONE[d.status]}>{ts(d.status)}</Badge>
    </div>
  );
  switch (d.status) {
    case "applied":
      return (
        <StatusSection status="applied">
          {heading(t("applied.title"))}
          <p className="text-sm text-slate-600">
            {t("applied.body", {
              date: format.dateTime(d.appliedAt, { dateStyle: "medium" }),
              brand: brandName,
            })}
          </p>
        </StatusSection>
      );
    case "rejected":
      return (
        <StatusSection status="rejected">
          {heading(t("rejected.title"))}
          <p className="text-sm text-slate-700" data-testid="portal-reject-reason">
            {d.rejectReason
              ? t("rejected.reason", { reason: d.rejectReason })
              : t("rejected.noReason")}
          </p>
          {canApply(enrolment) ? (
            <>
              <p className="text-sm text-slate-600">{t("rejected.again", { brand: brandName })}</p>
              <ApplyLink slug={slug}>{t("rejected.cta")}</ApplyLink>
            </>
          ) : (
            <EnrolmentClosed enrolment={enrolment} brandName={brandName} />
          )}
        </StatusSection>
      );
    case "frozen":
    case "disabled":
      return (
        <StatusSection status={d.status}>
          {heading(t(`${d.status}.title`))}
          <p className="text-sm text-slate-600">{t(`${d.status}.body`, { brand: brandName })}</p>
        </StatusSection>
      );
    case "active":
      return null;
  }
}

function ActiveCard({
  slug,
  brandName,
  d,
  earnsOnTeam,
}: {
  slug: string;
  brandName: string;
  d: PortalDistributor;
  /** The brand pays more than one tier, so a team's sales earn me a share. */
  earnsOnTeam: boolean;
}) {
  const t = useTranslations("portal.status");
  const ts = useTranslations("portal.statuses");
  const tr = useTranslations("portal.roles");
  const tn = useTranslations("portal.nav");
  const format = useFormatter();
  return (
    <>
      <StatusSection status="active">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h2
              className="truncate text-lg font-semibold text-slate-900"
              data-testid="portal-distributor-name"
            >
              {d.name}
            </h2>
            <p className="mt-1 flex flex-wrap gap-1.5">
              <Badge tone="brand">{d.levelName ?? t("active.noLevel")}</Badge>
              <Badge>{tr(d.role)}</Badge>
              {d.region && <Badge>{d.region}</Badge>}
            </p>
          </div>
          <Badge tone={STATUS_TONE.active}>{ts("active")}</Badge>
        </div>

        <div className="flex items-center justify-between gap-3 rounded-lg bg-brand-50 px-4 py-3">
          <div>
            <p className="text-xs text-slate-600">{t("active.codeLabel")}</p>
            <p
              className="font-mono text-2xl font-semibold tracking-[0.2em] text-brand-700"
              data-testid="portal-invite-code"
            >
              {d.code}
            </p>
          </div>
          <CopyButton value={d.code} label={t("active.copyCode")} data-testid="portal-copy-code" />
        </div>

        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm">
          <div>
            <dt className="text-xs text-slate-500">{t("active.upline")}</dt>
            <dd className="truncate text-slate-900" data-testid="portal-upline">
              {d.uplineName ?? t("active.noUpline")}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t("active.customers")}</dt>
            <dd className="text-slate-900">{d.directCustomerCount}</dd>
          </div>
          <div className="col-span-2">
            <dt className="text-xs text-slate-500">{t("active.since")}</dt>
            <dd className="text-slate-900">
              {format.dateTime(d.approvedAt ?? d.appliedAt, { dateStyle: "medium" })}
            </dd>
          </div>
        </dl>
      </StatusSection>

      <nav aria-label={tn("label")} className="grid grid-cols-1 gap-2">
        <QuickLink
          href={portalPath(slug, "promote")}
          testId="nav-promote"
          icon={<PromoteIcon className="size-6" />}
          title={tn("promote")}
          hint={tn("promoteHint")}
        />
        <QuickLink
          href={portalPath(slug, "team")}
          testId="nav-team"
          icon={<TeamIcon className="size-6" />}
          title={tn("team")}
          hint={tn("teamHint")}
        />
        <QuickLink
          href={portalPath(slug, "customers")}
          testId="nav-customers"
          icon={<CustomersIcon className="size-6" />}
          title={tn("customers")}
          hint={tn("customersHint", { count: d.directCustomerCount })}
        />
      </nav>

      <section
        aria-labelledby="portal-invite-title"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs"
      >
        <div className="space-y-1">
          <h2 id="portal-invite-title" className="text-base font-semibold text-slate-900">
            {t("invite.title")}
          </h2>
          <p className="text-sm text-slate-600">
            {t("invite.body", { brand: brandName, team: earnsOnTeam ? "yes" : "no" })}
          </p>
        </div>
        <InvitePanel slug={slug} code={d.code} name={d.name} brandName={brandName} />
      </section>
    </>
  );
}

function QuickLink({
  href,
  testId,
  icon,
  title,
  hint,
}: {
  href: string;
  testId: string;
  icon: ReactNode;
  title: string;
  hint: string;
}) {
  return (
    <Link
      href={href}
      data-testid={testId}
      className="flex items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs transition-colors hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-50 text-brand-600">
        {icon}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block font-medium text-slate-900">{title}</span>
        <span className="block truncate text-xs text-slate-500">{hint}</span>
      </span>
      <ChevronIcon className="size-5 text-slate-400" />
    </Link>
  );
}
