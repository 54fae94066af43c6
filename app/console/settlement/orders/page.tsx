import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { OrdersTable } from "@/components/settlement/orders-table";
import { ORDERS_SPEC } from "@/components/settlement/orders-spec";
import { SettlementPanel } from "@/components/settlement/settlement-panel";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settlement");
  return { title: `${t("tabs.orders")} · ${t("title")}` };
}

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "orders.read"))
    return <NoPermission role={me?.active?.role} />;
  const initial = parseTableState(ORDERS_SPEC, await searchParams);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.orders.list.queryOptions(listInput(ORDERS_SPEC, initial))),
    qc.prefetchQuery(trpc.settlement.status.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="space-y-6">
        <SettlementPanel canRun={hasPermission(me, "settlement.manage")} />
        <OrdersTable canManageKeys={hasPermission(me, "apikeys.manage")} />
      </div>
    </HydrateClient>
  );
}
