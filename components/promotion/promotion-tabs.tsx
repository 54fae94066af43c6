"use client";

import { useTranslations } from "next-intl";
import { LinkTabs } from "@/components/ui/link-tabs";
import { PROMOTION_TABS } from "./tabs";

export function PromotionTabs() {
  const t = useTranslations("promotion.console.tabs");
  return (
    <LinkTabs
      label={t("label")}
      testIdPrefix="promotion-tab"
      tabs={PROMOTION_TABS.map((tab) => ({ id: tab.id, href: tab.href, label: t(tab.id) }))}
    />
  );
}
