import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { BankBatchesPanel } from "@/components/payouts/bank-batches-panel";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("payouts.bankBatches");
  return { title: t("title") };
}

/** Offline bank batches (issue 9 item 4). */
export default async function BankBatchesPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "withdrawals.review")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("payouts.bankBatches");
  const qc = getQueryClient();
  await qc.prefetchQuery(trpc.bankBatches.list.queryOptions({ limit: 50, offset: 0 }));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mt-6">
        <BankBatchesPanel />
      </div>
    </HydrateClient>
  );
}
