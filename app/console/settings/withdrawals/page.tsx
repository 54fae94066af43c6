import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { PayoutSettingsForm } from "@/components/withdrawals/payout-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("withdrawals") };
}

export default async function WithdrawalSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.withdrawals.settings.queryOptions());
  return (
    <HydrateClient>
      <PayoutSettingsForm canWrite={hasPermission(me, "settings.write")} />
    </HydrateClient>
  );
}
