/**
 * A server-paged list's state (filters, sort, page, page size) ⇄ URL search params ⇄ the list
 * procedure's input. Pure, shared by the server page (which prefetches exactly the query the
 * table will ask for) and the browser (which keeps the URL in step, so a filtered view can be
 * linked and survives a reload). Filter param names are the procedure's input field names, so
 * the export link is the same query string.
 */
import { isUuid } from "@/db/ids";

/** Reads one search param; undefined drops a missing or unusable value. */
export type ParamParser<T> = (raw: string) => T | undefined;

export const oneOf =
  <const T extends readonly string[]>(values: T): ParamParser<T[number]> =>
  (raw) =>
    values.find((v) => v === raw);

export const textParam =
  (max: number): ParamParser<string> =>
  (raw) =>
    raw.trim().slice(0, max) || undefined;

export const dateParam: ParamParser<string> = (raw) =>
  /^\d{4}-\d{2}-\d{2}$/.test(raw) &&
  !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) &&
  new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw)
    ? raw
    : undefined;

export const uuidParam: ParamParser<string> = (raw) =>
  isUuid(raw) ? raw.toLowerCase() : undefined;

export const PAGE_SIZES = [20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
const MAX_OFFSET = 1_000_000;

type Parsers = Record<string, ParamParser<string>>;

export interface ListSpec<F extends Parsers, S extends string> {
  filters: F;
  sorts: readonly S[];
  defaultSort: { id: S; desc: boolean };
  /** Date ranges as [from, to] filter keys: a reversed range is read the right way round. */
  ranges?: readonly (readonly [keyof F & string, keyof F & string])[];
}

export function defineListSpec<const F extends Parsers, const S extends string>(
  spec: ListSpec<F, S>,
) {
  return spec;
}

export type SpecFilters<Spec> =
  Spec extends ListSpec<infer F, string>
    ? { [K in keyof F]?: NonNullable<ReturnType<F[K]>> }
    : never;
export type SpecSort<Spec> = Spec extends ListSpec<Parsers, infer S> ? S : never;

export interface TableState<Spec> {
  filters: SpecFilters<Spec>;
  sort: { id: SpecSort<Spec>; desc: boolean };
  /** Zero-based. */
  page: number;
  pageSize: PageSize;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function getter(params: Params) {
  return (key: string): string | undefined => {
    if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
    const v = params[key];
    return Array.isArray(v) ? v[0] : v;
  };
}

export function parseTableState<F extends Parsers, S extends string>(
  spec: ListSpec<F, S>,
  params: Params,
): TableState<ListSpec<F, S>> {
  const get = getter(params);
  const filters: Record<string, string> = {};
  for (const [key, parse] of Object.entries(spec.filters)) {
    const raw = get(key);
    const value = raw === undefined ? undefined : parse(raw);
    if (value !== undefined) filters[key] = value;
  }
  for (const [from, to] of spec.ranges ?? []) {
    const a = filters[from];
    const b = filters[to];
    if (a && b && a > b) [filters[from], filters[to]] = [b, a];
  }
  const sortId = get("sort");
  const sort = spec.sorts.includes(sortId as S)
    ? { id: sortId as S, desc: get("dir") !== "asc" }
    : {
        ...spec.defaultSort,
        desc: get("dir") === undefined ? spec.defaultSort.desc : get("dir") !== "asc",
      };
  const size = Number(get("size"));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(size)
    ? (size as PageSize)
    : PAGE_SIZES[0];
  const page = Number(get("page") ?? "1");
  const lastPage = Math.floor(MAX_OFFSET / pageSize);
  return {
    filters: filters as SpecFilters<ListSpec<F, S>>,
    sort: sort as { id: SpecSort<ListSpec<F, S>>; desc: boolean },
    page: Number.isInteger(page) && page > 1 ? Math.min(page, lastPage + 1) - 1 : 0,
    pageSize,
  };
}

function filterEntries(filters: object): [string, string][] {
  return Object.entries(filters).filter(
    (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
  );
}

/** The page's URL: filters, then only what differs from the defaults. */
export function tableSearchParams<F extends Parsers, S extends string>(
  spec: ListSpec<F, S>,
  s: TableState<ListSpec<F, S>>,
) {
  const p = new URLSearchParams(filterEntries(s.filters));
  if (s.sort.id !== spec.defaultSort.id || s.sort.desc !== spec.defaultSort.desc) {
    p.set("sort", s.sort.id);
    p.set("dir", s.sort.desc ? "desc" : "asc");
  }
  if (s.pageSize !== PAGE_SIZES[0]) p.set("size", String(s.pageSize));
  if (s.page > 0) p.set("page", String(s.page + 1));
  return p;
}

/** The export's query string: the same filters and order, every row. */
export function exportSearchParams<F extends Parsers, S extends string>(
  _spec: ListSpec<F, S>,
  s: TableState<ListSpec<F, S>>,
) {
  const p = new URLSearchParams(filterEntries(s.filters));
  p.set("sort", s.sort.id);
  p.set("dir", s.sort.desc ? "desc" : "asc");
  return p;
}

/** The list procedure's input. */
export function listInput<F extends Parsers, S extends string>(
  _spec: ListSpec<F, S>,
  s: TableState<ListSpec<F, S>>,
) {
  return {
    ...s.filters,
    sort: s.sort.id,
    dir: s.sort.desc ? ("desc" as const) : ("asc" as const),
    limit: s.pageSize,
    offset: s.page * s.pageSize,
  };
}

export function activeFilterCount(filters: object): number {
  return filterEntries(filters).length;
}
