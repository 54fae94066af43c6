/**
 * Server-side prefetch for the portal's list pages, so they render with data on first paint.
 * The options are the ones the client components use (list-queries.ts).
 */
import { getQueryClient, serverCaller, trpc } from "@/components/trpc/server";
import { customerPagesOptions, LIST_PAGE_SIZE, teamPagesOptions } from "./list-queries";

/** The member's status, and (for an active distributor) the first page of `list`. */
export async function prefetchPortalList(slug: string, list: "team" | "customers") {
  const qc = getQueryClient();
  const status = await qc
    .fetchQuery(trpc.portalNetwork.status.queryOptions({ slug }))
    .catch(() => null);
  if (status?.distributor?.status !== "active") return;
  const caller = await serverCaller();
  const page = (offset: number) => ({ slug, limit: LIST_PAGE_SIZE, offset });
  await (list === "team"
    ? qc.prefetchInfiniteQuery(
        teamPagesOptions(trpc.portalNetwork.team.queryKey({ slug }), (o) =>
          caller.portalNetwork.team(page(o)),
        ),
      )
    : qc.prefetchInfiniteQuery(
        customerPagesOptions(trpc.portalNetwork.customers.queryKey({ slug }), (o) =>
          caller.portalNetwork.customers(page(o)),
        ),
      ));
}
