import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { FlexibleRoutesCard } from "@/components/withdrawals/flexible-routes-card";
import { PayoutGatewaysCard } from "@/components/withdrawals/payout-gateways-card";
import { PayoutSettingsForm } from "@/components/withdrawals/payout-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.tabs");
  return { title: t("withdrawals") };
}

export default async function WithdrawalSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.withdrawals.settings.queryOptions()),
    qc.prefetchQuery(trpc.withdrawals.flexibleRoutes.queryOptions()),
    qc.prefetchQuery(trpc.withdrawals.gateways.queryOptions()),
  ]);
  const canWrite = hasPermission(me, "settings.write");
  return (
    <HydrateClient>
      <div className="space-y-6">
        <PayoutSettingsForm canWrite={canWrite} />
        <FlexibleRoutesCard canWrite={canWrite} />
        <PayoutGatewaysCard canWrite={canWrite} />
      </div>
    </HydrateClient>
  );
}
