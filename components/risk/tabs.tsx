"use client";

import { useTranslations } from "next-intl";
import { LinkTabs } from "@/components/ui/link-tabs";

export const RISK_TABS = [
  { id: "queue", href: "/console/risk/queue" },
  { id: "cases", href: "/console/risk/cases" },
  { id: "blacklist", href: "/console/risk/blacklist" },
] as const;

/** The Risk Control Center's sections. /console/risk opens the queue. */
export function RiskTabs() {
  const t = useTranslations("riskCenter.tabs");
  return <LinkTabs label={t("label")} testIdPrefix="risk-tab" tabs={RISK_TABS.map((tab) => ({ id: tab.id, href: tab.href, label: t(tab.id) }))} />;
}
