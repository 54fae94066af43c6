import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { RiskTabs } from "@/components/risk/tabs";

export async function generateMetadata() {
  const t = await getTranslations("riskCenter");
  return { title: t("title") };
}

export default async function RiskLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "risk.review")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("riskCenter");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <RiskTabs />
      <div className="mt-6">{children}</div>
    </>
  );
}
