import { notFound } from "next/navigation";
import { OrderReview } from "@/components/risk/order-review";
import { HydrateClient } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";

/** One flagged order under review (the layout checks the risk.review permission). */
export default async function RiskOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return (
    <HydrateClient>
      <OrderReview id={id} />
    </HydrateClient>
  );
}
