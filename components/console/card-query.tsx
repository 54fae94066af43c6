"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { CardBody } from "@/components/ui/card";
import { LoadError, Loading } from "./query-states";

/**
 * What a console card shows under its header while its query is loading, has failed (with a
 * retry) or came back empty, each in the card's padded body; only loaded data reaches
 * `children`, which lay out their own body (a table usually sits flush with the card).
 */
export function CardQuery<D>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<D, unknown>;
  isEmpty: (data: D) => boolean;
  empty: ReactNode;
  children: (data: D) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <CardBody>
        <Loading />
      </CardBody>
    );
  }
  if (query.isError) {
    return (
      <CardBody>
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      </CardBody>
    );
  }
  if (isEmpty(query.data)) return <CardBody>{empty}</CardBody>;
  return children(query.data);
}
