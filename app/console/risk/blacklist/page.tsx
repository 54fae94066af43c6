import { getMe, hasPermission } from "@/components/console/me";
import { BlacklistManager } from "@/components/risk/blacklist-manager";

/** The blacklist (the layout checks risk.review; the shared-list opt-ins are brand settings). */
export default async function RiskBlacklistPage() {
  const me = await getMe();
  return <BlacklistManager canManageSharing={hasPermission(me, "settings.write")} />;
}
