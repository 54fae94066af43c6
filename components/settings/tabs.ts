/** The settings tabs and the permission each needs (the pages check the same permission). */
import type { Permission } from "@/server/auth/permissions";

export const SETTINGS_TABS = [
  { id: "profile", href: "/console/settings/profile", permission: "settings.read" },
  { id: "program", href: "/console/settings/program", permission: "settings.read" },
  { id: "levels", href: "/console/settings/levels", permission: "settings.read" },
  { id: "enrolment", href: "/console/settings/enrolment", permission: "settings.read" },
  { id: "legal", href: "/console/settings/legal", permission: "settings.read" },
  { id: "withdrawals", href: "/console/settings/withdrawals", permission: "settings.read" },
  { id: "notifications", href: "/console/settings/notifications", permission: "settings.read" },
  { id: "staff", href: "/console/settings/staff", permission: "staff.manage" },
  { id: "apiKeys", href: "/console/settings/api-keys", permission: "apikeys.manage" },
  { id: "webhooks", href: "/console/settings/webhooks", permission: "apikeys.manage" },
  { id: "audit", href: "/console/settings/audit", permission: "audit.read" },
] as const satisfies readonly { id: string; href: string; permission: Permission }[];

export type SettingsTabId = (typeof SETTINGS_TABS)[number]["id"];
