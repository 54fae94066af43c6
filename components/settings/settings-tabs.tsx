"use client";

import { useTranslations } from "next-intl";
import { LinkTabs } from "@/components/ui/link-tabs";
import { SETTINGS_TABS, type SettingsTabId } from "./tabs";

/** Only the tabs the role may use are shown; the pages themselves also check. */
export function SettingsTabs({ visible }: { visible: readonly SettingsTabId[] }) {
  const t = useTranslations("settings.tabs");
  return (
    <LinkTabs
      label={t("label")}
      testIdPrefix="settings-tab"
      tabs={SETTINGS_TABS.filter((tab) => visible.includes(tab.id)).map((tab) => ({ id: tab.id, href: tab.href, label: t(tab.id) }))}
    />
  );
}
