import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { LeaderboardsView } from "@/components/incentives/leaderboards-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("incentives.console.leaderboards");
  return { title: t("title") };
}

export default async function LeaderboardsPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("incentives.console.leaderboards");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <LeaderboardsView />
    </>
  );
}
