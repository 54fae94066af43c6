import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { WithdrawalReview } from "@/components/withdrawals/withdrawal-review";
import { isUuid } from "@/db/ids";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("withdrawals");
  return { title: t("title") };
}

export default async function WithdrawalDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "withdrawals.review")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.withdrawals.detail.queryOptions({ id }));
  return (
    <HydrateClient>
      <WithdrawalReview id={id} />
    </HydrateClient>
  );
}
