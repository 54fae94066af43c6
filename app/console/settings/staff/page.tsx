import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { StaffManager } from "@/components/settings/staff-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("staff") };
}

export default async function StaffSettingsPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "staff.manage")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.staff.list.queryOptions());
  return (
    <HydrateClient>
      <StaffManager currentUserId={me.user.id} currentRole={me.active.role} />
    </HydrateClient>
  );
}
