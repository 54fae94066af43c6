import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { AuditLog } from "@/components/settings/audit-log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("audit") };
}

export default async function AuditSettingsPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "audit.read")) return <NoPermission role={me?.active?.role} />;
  return <AuditLog currentUserId={me.user.id} canListStaff={hasPermission(me, "staff.manage")} />;
}
