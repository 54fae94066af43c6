import { notFound } from "next/navigation";
import { RiskProfile } from "@/components/risk/risk-profile";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";

/** A distributor's risk profile (the layout checks the risk.review permission). */
export default async function RiskProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  await getQueryClient().prefetchQuery(trpc.riskCenter.profile.queryOptions({ distributorId: id }));
  return (
    <HydrateClient>
      <RiskProfile distributorId={id} />
    </HydrateClient>
  );
}
