import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { PageHeader } from "@/components/console/page-header";
import { SettlementTabs } from "@/components/settlement/settlement-tabs";
import { SETTLEMENT_TABS } from "@/components/settlement/tabs";

export default async function SettlementLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  const t = await getTranslations("settlement");
  const tabs = SETTLEMENT_TABS.filter((tab) => hasPermission(me, tab.permission)).map(
    (tab) => tab.id,
  );
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SettlementTabs visible={tabs} />
      <div className="mt-6">{children}</div>
    </>
  );
}
