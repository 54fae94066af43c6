import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";

export default async function RulesLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  if (!hasPermission(me, "rules.manage")) return <NoPermission role={me?.active?.role} />;
  return children;
}
