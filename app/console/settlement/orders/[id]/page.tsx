import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { OrderDetailView } from "@/components/settlement/order-detail";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";
import { isLocale } from "@/server/i18n/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settlement");
  return { title: `${t("tabs.orders")} · ${t("title")}` };
}

export default async function OrderDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "orders.read"))
    return <NoPermission role={me?.active?.role} />;
  const locale = await getLocale();
  await getQueryClient().prefetchQuery(
    trpc.orders.detail.queryOptions({ id, locale: isLocale(locale) ? locale : "zh-CN" }),
  );
  return (
    <HydrateClient>
      <OrderDetailView id={id} canSeeRules={hasPermission(me, "rules.manage")} />
    </HydrateClient>
  );
}
