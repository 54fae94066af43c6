"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import {
  parseTableState,
  tableSearchParams,
  type ListSpec,
  type PageSize,
  type SpecFilters,
  type SpecSort,
  type TableState,
} from "./url-state";

type Parsers = Record<string, (raw: string) => string | undefined>;

const STORAGE_PREFIX = "fenxiao:list:";

function rememberListUrl(pathname: string, url: string) {
  try {
    window.sessionStorage.setItem(STORAGE_PREFIX + pathname, url);
  } catch {
    // Storage may be unavailable (private mode, quota): "back to the list" then opens it unfiltered.
  }
}

/**
 * The list at `pathname` as this tab last showed it (filters, sort, page), for a detail page's
 * "back to the list" — whichever way the detail was reached — or the bare list.
 */
export function lastListUrl(pathname: string): string {
  try {
    const url = window.sessionStorage.getItem(STORAGE_PREFIX + pathname);
    if (url?.startsWith(`${pathname}?`) || url === pathname) return url;
  } catch {
    // As above.
  }
  return pathname;
}

/**
 * A list's state, kept in the URL. It starts from the route's search params — the same ones the
 * server page parsed to prefetch the first page, and on a client-side navigation (Back, "back
 * to the list") the URL being navigated to, which window.location is not yet. Changes replace
 * the history entry rather than push one: typing a filter should not fill the Back button with
 * keystrokes.
 */
export function useDataTableState<F extends Parsers, S extends string>(spec: ListSpec<F, S>) {
  type State = TableState<ListSpec<F, S>>;
  const searchParams = useSearchParams();
  const [state, setState] = useState<State>(() =>
    parseTableState(spec, new URLSearchParams(searchParams.toString())),
  );

  useEffect(() => {
    const qs = tableSearchParams(spec, state).toString();
    const url = `${window.location.pathname}${qs ? `?${qs}` : ""}`;
    if (url !== `${window.location.pathname}${window.location.search}`)
      window.history.replaceState(window.history.state, "", url);
    rememberListUrl(window.location.pathname, url);
  }, [spec, state]);

  const setFilters = useCallback(
    (patch: Partial<Record<keyof F, string | undefined>>) => {
      setState((s) => {
        const filters: Record<string, string> = { ...(s.filters as Record<string, string>) };
        for (const [key, raw] of Object.entries(patch)) {
          const value = raw === undefined || raw === "" ? undefined : spec.filters[key]?.(raw);
          if (value === undefined) delete filters[key];
          else filters[key] = value;
        }
        return { ...s, page: 0, filters: filters as SpecFilters<ListSpec<F, S>> };
      });
    },
    [spec],
  );

  const clearFilters = useCallback(
    () => setState((s) => ({ ...s, page: 0, filters: {} as SpecFilters<ListSpec<F, S>> })),
    [],
  );
  const setSort = useCallback(
    (sort: { id: SpecSort<ListSpec<F, S>>; desc: boolean }) =>
      setState((s) => ({ ...s, page: 0, sort })),
    [],
  );
  const setPage = useCallback((page: number) => setState((s) => ({ ...s, page })), []);
  const setPageSize = useCallback(
    (pageSize: PageSize) => setState((s) => ({ ...s, page: 0, pageSize })),
    [],
  );

  return { spec, state, setFilters, clearFilters, setSort, setPage, setPageSize };
}

export type DataTableController<
  F extends Parsers = Parsers,
  S extends string = string,
> = ReturnType<typeof useDataTableState<F, S>>;
