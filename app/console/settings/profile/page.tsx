import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { LandingDomainCard } from "@/components/settings/landing-domain-card";
import { ProfileForm } from "@/components/settings/profile-form";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("profile") };
}

export default async function ProfileSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  await Promise.all([
    getQueryClient().prefetchQuery(trpc.settings.get.queryOptions()),
    getQueryClient().prefetchQuery(trpc.settings.landingVerification.queryOptions()),
  ]);
  const canWrite = hasPermission(me, "settings.write");
  return (
    <HydrateClient>
      <div className="space-y-6">
        <ProfileForm canWrite={canWrite} />
        <LandingDomainCard canWrite={canWrite} />
      </div>
    </HydrateClient>
  );
}
