"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { CardQuery } from "@/components/console/card-query";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Pagination, pageRange } from "@/components/ui/pagination";
import { Table, TBody, THead, Tr } from "@/components/ui/table";

/** A card's table; the card's title doubles as its caption, for screen readers only. */
export function CardTable<T>({
  caption,
  head,
  items,
  row,
}: {
  caption: string;
  /** The header row's `Th` cells. */
  head: ReactNode;
  items: readonly T[];
  /** One keyed `Tr`. */
  row: (item: T) => ReactNode;
}) {
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <THead>
        <Tr>{head}</Tr>
      </THead>
      <TBody>{items.map((item) => row(item))}</TBody>
    </Table>
  );
}

/** What a card says in place of a table with no rows. */
export function CardEmpty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-600">{children}</p>;
}

/**
 * A server-paged list on the distributor page (downline, bound customers): the card, the
 * query's loading / failed / empty states, the table, and previous / next once there is more
 * than a page. The caller owns `page`, since its query is keyed by it.
 */
export function PagedTableCard<T>({
  testId,
  title,
  description,
  query,
  emptyText,
  head,
  row,
  page,
  pageSize,
  total,
  onPageChange,
}: {
  testId: string;
  title: string;
  description: string;
  query: UseQueryResult<{ items: T[] }, unknown>;
  emptyText: string;
  head: ReactNode;
  row: (item: T) => ReactNode;
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
}) {
  const t = useTranslations("network.detail");
  const { from, to } = pageRange(page, pageSize, total);
  return (
    <Card data-testid={testId}>
      <CardHeader title={title} description={description} />
      <CardQuery
        query={query}
        isEmpty={(data) => data.items.length === 0}
        empty={<CardEmpty>{emptyText}</CardEmpty>}
      >
        {(data) => (
          <>
            <CardTable caption={title} head={head} items={data.items} row={row} />
            {total > pageSize && (
              <Pagination
                className="border-t border-slate-100"
                page={page}
                pageSize={pageSize}
                total={total}
                busy={query.isFetching}
                onPageChange={onPageChange}
                summary={t("range", { from, to, total })}
                previousLabel={t("previous")}
                nextLabel={t("next")}
              />
            )}
          </>
        )}
      </CardQuery>
    </Card>
  );
}

/** A card holding a table of rows it already has, or a line of text when there are none. */
export function TableCard<T>({
  testId,
  title,
  description,
  emptyText,
  ...table
}: {
  testId: string;
  title: string;
  description?: string;
  /** Left out where the list is never empty (status history begins with the creation). */
  emptyText?: string;
  head: ReactNode;
  items: readonly T[];
  row: (item: T) => ReactNode;
}) {
  return (
    <Card data-testid={testId}>
      <CardHeader title={title} description={description} />
      {emptyText && table.items.length === 0 ? (
        <CardBody>
          <CardEmpty>{emptyText}</CardEmpty>
        </CardBody>
      ) : (
        <CardTable caption={title} {...table} />
      )}
    </Card>
  );
}
