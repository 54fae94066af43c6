import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { TeamTree } from "@/components/network/team-tree";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("network.team");
  return { title: t("title") };
}

export default async function TeamPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("network.team");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <TeamTree />
    </>
  );
}
