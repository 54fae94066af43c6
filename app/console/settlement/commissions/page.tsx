import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { COMMISSIONS_SPEC } from "@/components/settlement/commissions-spec";
import { CommissionsTable } from "@/components/settlement/commissions-table";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settlement");
  return { title: `${t("tabs.commissions")} · ${t("title")}` };
}

export default async function CommissionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "orders.read"))
    return <NoPermission role={me?.active?.role} />;
  const initial = parseTableState(COMMISSIONS_SPEC, await searchParams);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.commissions.list.queryOptions(listInput(COMMISSIONS_SPEC, initial))),
    qc.prefetchQuery(trpc.commissions.ruleOptions.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <CommissionsTable canSeeRules={hasPermission(me, "rules.manage")} />
    </HydrateClient>
  );
}
