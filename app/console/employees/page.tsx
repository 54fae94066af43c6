import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { EmployeeImport, EmployeePerformance } from "@/components/team-bonus/employees";
import { PERFORMANCE_SPEC } from "@/components/team-bonus/statements-spec";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("teamBonus.employees");
  return { title: t("title") };
}

export default async function EmployeesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("teamBonus.employees");
  const initial = parseTableState(PERFORMANCE_SPEC, await searchParams);
  const canReadSales = hasPermission(me, "orders.read");
  if (canReadSales) await getQueryClient().prefetchQuery(trpc.teamBonus.employeePerformance.queryOptions(listInput(PERFORMANCE_SPEC, initial)));
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <div className="space-y-6">
          {hasPermission(me, "distributors.manage") && <EmployeeImport />}
          {canReadSales && <EmployeePerformance />}
        </div>
      </HydrateClient>
    </>
  );
}
