import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { WithdrawalsTable } from "@/components/withdrawals/withdrawals-table";
import { WITHDRAWALS_SPEC } from "@/components/withdrawals/withdrawals-spec";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("withdrawals");
  return { title: t("title") };
}

export default async function WithdrawalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "withdrawals.review")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("withdrawals");
  const initial = parseTableState(WITHDRAWALS_SPEC, await searchParams);
  await getQueryClient().prefetchQuery(trpc.withdrawals.list.queryOptions(listInput(WITHDRAWALS_SPEC, initial)));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <WithdrawalsTable />
    </HydrateClient>
  );
}
