import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { ProgramForm } from "@/components/settings/program-form";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("program") };
}

export default async function ProgramSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.settings.get.queryOptions());
  return (
    <HydrateClient>
      <ProgramForm canWrite={hasPermission(me, "settings.write")} />
    </HydrateClient>
  );
}
