import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { ProfileForm } from "@/components/settings/profile-form";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("profile") };
}

export default async function ProfileSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.settings.get.queryOptions());
  return (
    <HydrateClient>
      <ProfileForm canWrite={hasPermission(me, "settings.write")} />
    </HydrateClient>
  );
}
