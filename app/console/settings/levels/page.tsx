import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { LevelsManager } from "@/components/network/levels-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("network.levels");
  return { title: t("title") };
}

export default async function LevelsSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read") || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.distributors.levels.queryOptions());
  return (
    <HydrateClient>
      <LevelsManager canWrite={hasPermission(me, "settings.write")} />
    </HydrateClient>
  );
}
