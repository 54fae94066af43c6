/**
 * "Load more" lists (My Team, My Customers) page by offset. The same options serve the server
 * page's prefetch and the client component, so the cache keys and paging always agree; the
 * keys extend the tRPC procedure's key.
 */
import { infiniteQueryOptions } from "@tanstack/react-query";
import type { CustomersPage, TeamPage } from "./portal-types";

export const LIST_PAGE_SIZE = 20;

/** The next offset, or undefined when everything is loaded. */
function nextOffset(lastPageSize: number, loaded: number, total: number): number | undefined {
  return lastPageSize === LIST_PAGE_SIZE && loaded < total ? loaded : undefined;
}

export function teamPagesOptions(
  procedureKey: readonly unknown[],
  fetchPage: (offset: number) => Promise<TeamPage>,
) {
  return infiniteQueryOptions({
    queryKey: [...procedureKey, "pages", LIST_PAGE_SIZE],
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: 0,
    getNextPageParam: (last, all) =>
      nextOffset(
        last.members.length,
        all.reduce((n, p) => n + p.members.length, 0),
        last.total,
      ),
  });
}

export function customerPagesOptions(
  procedureKey: readonly unknown[],
  fetchPage: (offset: number) => Promise<CustomersPage>,
) {
  return infiniteQueryOptions({
    queryKey: [...procedureKey, "pages", LIST_PAGE_SIZE],
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: 0,
    getNextPageParam: (last, all) =>
      nextOffset(
        last.items.length,
        all.reduce((n, p) => n + p.items.length, 0),
        last.total,
      ),
  });
}
