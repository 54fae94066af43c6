import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { CloseMonthPanel, StatementsTable, TeamBonusSettings } from "@/components/team-bonus/console-team-bonus";
import { STATEMENTS_SPEC } from "@/components/team-bonus/statements-spec";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("teamBonus.console");
  return { title: t("title") };
}

export default async function TeamBonusPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "orders.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("teamBonus.console");
  const initial = parseTableState(STATEMENTS_SPEC, await searchParams);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.teamBonus.statements.queryOptions(listInput(STATEMENTS_SPEC, initial))),
    qc.prefetchQuery(trpc.teamBonus.closes.queryOptions()),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <div className="space-y-6">
          <CloseMonthPanel canClose={hasPermission(me, "settlement.manage")} />
          <StatementsTable />
          {hasPermission(me, "settings.read") && <TeamBonusSettings canEdit={hasPermission(me, "settings.write")} />}
        </div>
      </HydrateClient>
    </>
  );
}
