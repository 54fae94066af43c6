/**
 * "Load more" lists (My Team, My Customers, Earnings) page by offset. The same options serve the server
 * page's prefetch and the client component, so the cache keys and paging always agree; the
 * keys extend the tRPC procedure's key.
 */
import { infiniteQueryOptions } from "@tanstack/react-query";
import type { CustomersPage, EarningsPage, TeamPage } from "./portal-types";

export const LIST_PAGE_SIZE = 20;

/** Pages of `rows(page)`, the next one asked for while the last came back full and more remain. */
function pagesOptions<P extends { total: number }>(
  procedureKey: readonly unknown[],
  fetchPage: (offset: number) => Promise<P>,
  rows: (page: P) => readonly unknown[],
) {
  return infiniteQueryOptions({
    queryKey: [...procedureKey, "pages", LIST_PAGE_SIZE],
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + rows(p).length, 0);
      return rows(last).length === LIST_PAGE_SIZE && loaded < last.total ? loaded : undefined;
    },
  });
}

export function teamPagesOptions(
  procedureKey: readonly unknown[],
  fetchPage: (offset: number) => Promise<TeamPage>,
) {
  return pagesOptions(procedureKey, fetchPage, (p) => p.members);
}

export function customerPagesOptions(
  procedureKey: readonly unknown[],
  fetchPage: (offset: number) => Promise<CustomersPage>,
) {
  return pagesOptions(procedureKey, fetchPage, (p) => p.items);
}

export function earningsPagesOptions(
  procedureKey: readonly unknown[],
  fetchPage: (offset: number) => Promise<EarningsPage>,
) {
  return pagesOptions(procedureKey, fetchPage, (p) => p.items);
}
