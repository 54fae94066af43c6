import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ComplianceReportView } from "@/components/compliance/compliance-report";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { HydrateClient } from "@/components/trpc/server";
import { periodInputSchema, type PeriodInput } from "@/server/compliance/period";
import { taxMonthOf } from "@/server/payouts/tax/month";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("compliance");
  return { title: t("title") };
}

/** The compliance audit report (?month=YYYY-MM or ?from=…&to=…; default: last month, the one closed). */
export default async function CompliancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "compliance.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("compliance");
  const q = await searchParams;
  const thisMonth = taxMonthOf(new Date());
  const [y, m] = thisMonth.split("-").map(Number) as [number, number];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  const asked = periodInputSchema.safeParse(typeof q.month === "string" ? { month: q.month } : { from: q.from, to: q.to });
  const period: PeriodInput = asked.success ? asked.data : { month: lastMonth };
  // Not prefetched: a month of a large brand takes seconds to add up, and the page (period
  // picker, download buttons) should show at once while the preview loads.
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <ComplianceReportView period={period} maxMonth={thisMonth} />
      </HydrateClient>
    </>
  );
}
