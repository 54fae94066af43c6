"use client";

import { useQuery, type UseInfiniteQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { NotActive } from "./not-active";
import type { PortalDistributor, PortalStatus } from "./portal-types";
import { PortalLoadError, PortalLoading } from "./query-states";

/**
 * What a portal read shows until it has data: loading, or failed with a retry (an ended session
 * signs in and comes back to `path`). Callers return it while `!query.isSuccess`, which narrows
 * the query to its data below.
 */
export function PortalQueryState({
  query,
  slug,
  path,
  loading = <PortalLoading />,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  slug: string;
  path: string;
  /** What shows while loading, when the page frames it differently from the plain spinner line. */
  loading?: ReactNode;
}) {
  if (query.isPending) return loading;
  return (
    <PortalLoadError
      error={query.error}
      onRetry={() => void query.refetch()}
      slug={slug}
      path={path}
    />
  );
}

/** Loads the member's status; `children` render only for an active distributor, others learn why not. */
export function ActiveOnly({
  slug,
  brandName,
  path,
  children,
}: {
  slug: string;
  brandName: string;
  path: string;
  children: (me: PortalDistributor, status: PortalStatus) => ReactNode;
}) {
  const trpc = useTRPC();
  const status = useQuery(trpc.portalNetwork.status.queryOptions({ slug }));
  if (!status.isSuccess) return <PortalQueryState query={status} slug={slug} path={path} />;
  const me = status.data.distributor;
  if (me?.status !== "active") {
    return <NotActive slug={slug} brandName={brandName} status={me?.status ?? null} />;
  }
  return children(me, status.data);
}

/** A loaded "load more" list: its heading, the rows in one card, and a button while more remain. */
export function LoadMoreList({
  headingId,
  heading,
  list,
  moreLabel,
  moreTestId,
  children,
}: {
  /** The `id` the heading element carries, naming the section. */
  headingId: string;
  heading: ReactNode;
  list: UseInfiniteQueryResult<unknown, unknown>;
  moreLabel: string;
  moreTestId: string;
  /** The `li` rows. */
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      {heading}
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
        {children}
      </ul>
      {list.hasNextPage && (
        <Button
          variant="secondary"
          size="lg"
          className="w-full"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
          data-testid={moreTestId}
        >
          {moreLabel}
        </Button>
      )}
    </section>
  );
}
