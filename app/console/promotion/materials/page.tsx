import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { MaterialManager } from "@/components/promotion/material-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("promotion.console.tabs");
  return { title: t("materials") };
}

export default async function MaterialsPage() {
  const me = await getMe();
  await getQueryClient().prefetchQuery(trpc.materials.list.queryOptions({ page: 1, pageSize: 20 }));
  return (
    <HydrateClient>
      <MaterialManager canWrite={hasPermission(me, "distributors.manage")} />
    </HydrateClient>
  );
}
