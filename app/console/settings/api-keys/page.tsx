import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { ApiKeysManager } from "@/components/settings/api-keys-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("apiKeys") };
}

export default async function ApiKeysSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "apikeys.manage")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions());
  return (
    <HydrateClient>
      <ApiKeysManager />
    </HydrateClient>
  );
}
