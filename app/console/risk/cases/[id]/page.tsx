import { notFound } from "next/navigation";
import { CaseReview } from "@/components/risk/case-review";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";

export default async function RiskCasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  await getQueryClient().prefetchQuery(trpc.riskCenter.case.queryOptions({ id }));
  return (
    <HydrateClient>
      <CaseReview id={id} />
    </HydrateClient>
  );
}
