import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { TaxReport } from "@/components/tax/tax-report";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { isTaxMonth, taxMonthOf } from "@/server/payouts/tax/month";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("tax.report");
  return { title: t("title") };
}

/** The month's tax report (?month=YYYY-MM, default: last month, the one being filed). */
export default async function TaxReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "withdrawals.review")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("tax.report");
  const raw = (await searchParams).month;
  const thisMonth = taxMonthOf(new Date());
  const [y, m] = thisMonth.split("-").map(Number) as [number, number];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  const month = typeof raw === "string" && isTaxMonth(raw) ? raw : lastMonth;
  await getQueryClient().prefetchQuery(trpc.tax.report.queryOptions({ month, limit: 50 }));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <TaxReport month={month} maxMonth={thisMonth} />
      </HydrateClient>
    </>
  );
}
