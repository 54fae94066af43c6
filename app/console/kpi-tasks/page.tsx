import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { KpiTasksTable } from "@/components/incentives/kpi-tasks-table";
import { KPI_TASKS_SPEC } from "@/components/incentives/kpi-tasks-spec";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { buttonClasses } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("incentives.console.kpi");
  return { title: t("title") };
}

export default async function KpiTasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("incentives.console.kpi");
  const initial = parseTableState(KPI_TASKS_SPEC, await searchParams);
  await getQueryClient().prefetchQuery(trpc.kpiTasks.list.queryOptions(listInput(KPI_TASKS_SPEC, initial)));
  return (
    <HydrateClient>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/console/export/member-growth" className={buttonClasses("secondary", "sm")} data-testid="export-growth">
            {t("exportGrowth")}
          </Link>
        }
      />
      <KpiTasksTable canManage={hasPermission(me, "rules.manage")} />
    </HydrateClient>
  );
}
