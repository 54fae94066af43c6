"use client";

import { useTranslations } from "next-intl";
import { LinkTabs } from "@/components/ui/link-tabs";
import { SETTLEMENT_TABS, type SettlementTabId } from "./tabs";

/** Only the tabs the role may use are shown; the pages themselves also check. */
export function SettlementTabs({ visible }: { visible: readonly SettlementTabId[] }) {
  const t = useTranslations("settlement.tabs");
  return (
    <LinkTabs
      label={t("label")}
      testIdPrefix="settlement-tab"
      tabs={SETTLEMENT_TABS.filter((tab) => visible.includes(tab.id)).map((tab) => ({
        id: tab.id,
        href: tab.href,
        label: t(tab.id),
      }))}
    />
  );
}
