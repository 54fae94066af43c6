import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { DELIVERIES_SPEC } from "@/components/webhooks/deliveries-spec";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("webhooks") };
}

export default async function WebhooksSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!hasPermission(me, "apikeys.manage")) return <NoPermission role={me?.active?.role} />;
  const initial = parseTableState(DELIVERIES_SPEC, await searchParams);
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.webhooks.list.queryOptions()), qc.prefetchQuery(trpc.webhooks.deliveries.queryOptions(listInput(DELIVERIES_SPEC, initial)))]);
  return (
    <HydrateClient>
      <WebhooksManager />
    </HydrateClient>
  );
}
