import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { PageHeader } from "@/components/console/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { SETTINGS_TABS } from "@/components/settings/tabs";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  const t = await getTranslations("settings");
  const tabs = SETTINGS_TABS.filter((tab) => hasPermission(me, tab.permission)).map((tab) => tab.id);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SettingsTabs visible={tabs} />
      <div className="mt-6">{children}</div>
    </>
  );
}
