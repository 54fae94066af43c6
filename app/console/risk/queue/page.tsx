import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { QueueTable } from "@/components/risk/queue-table";
import { QUEUE_SPEC } from "@/components/risk/queue-spec";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

/** The review queue (the layout checks the risk.review permission). */
export default async function RiskQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const initial = parseTableState(QUEUE_SPEC, await searchParams);
  await getQueryClient().prefetchQuery(trpc.riskCenter.queue.queryOptions(listInput(QUEUE_SPEC, initial)));
  return (
    <HydrateClient>
      <QueueTable />
    </HydrateClient>
  );
}
