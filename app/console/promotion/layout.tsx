import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { PromotionTabs } from "@/components/promotion/promotion-tabs";

export default async function PromotionLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  if (!hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("promotion.console");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <PromotionTabs />
      <div className="mt-6">{children}</div>
    </>
  );
}
