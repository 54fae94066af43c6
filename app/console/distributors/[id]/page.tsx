import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { DistributorDetailView } from "@/components/network/distributor-detail";
import { ExternalPayoutPanel } from "@/components/tax/external-payout-dialog";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";


export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("network.detail");
  return { title: t("title") };
}

export default async function DistributorDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.distributors.detail.queryOptions({ id }));
  return (
    <HydrateClient>
      <DistributorDetailView id={id} canManage={hasPermission(me, "distributors.manage")} />
      {hasPermission(me, "withdrawals.review") && (
        <div className="mt-6">
          <ExternalPayoutPanel distributorId={id} />
        </div>
      )}
    </HydrateClient>
  );
}
