"use client";

import { useQueryClient, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { CardQuery } from "@/components/console/card-query";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * The frame the promotion managers' lists share (products, poster templates, materials): a
 * card with title, description and a "new" button, an optional filter bar, then the loading,
 * failed and empty states, and only then `children` with the loaded data.
 */
export function ManagerList<D>({
  title,
  description,
  newButton,
  toolbar,
  query,
  isEmpty,
  empty,
  children,
}: {
  title: string;
  description: string;
  /** Left out when the user may not create, or while a form is open. */
  newButton?: { label: string; testId: string; onClick: () => void };
  toolbar?: ReactNode;
  query: UseQueryResult<D, unknown>;
  isEmpty: (data: D) => boolean;
  empty: { title: string; description?: string };
  children: (data: D) => ReactNode;
}) {
  return (
    <Card>
      <CardHeader
        title={title}
        description={description}
        actions={
          newButton && (
            <Button onClick={newButton.onClick} data-testid={newButton.testId}>
              {newButton.label}
            </Button>
          )
        }
      />
      {toolbar && (
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-6 py-3">
          {toolbar}
        </div>
      )}
      <CardQuery
        query={query}
        isEmpty={isEmpty}
        empty={
          <EmptyState
            className="border-0 py-8"
            title={empty.title}
            description={empty.description}
          />
        }
      >
        {children}
      </CardQuery>
    </Card>
  );
}

/** Refetches a list, every page and filter of it, after a change (`pathKey` of its procedure). */
export function useInvalidateList(pathKey: QueryKey) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: pathKey });
}
