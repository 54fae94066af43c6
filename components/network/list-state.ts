/**
 * Which tab the distributors page opens on, and the review queue's filters ⇄ URL search params ⇄
 * procedure input ("All" is the shared table, distributors-spec.ts). Shared by the server page
 * (prefetch) and the queue, so both build the identical query input (and cache key).
 */
import { DISTRIBUTOR_ROLES, DISTRIBUTOR_STATUSES } from "@/server/network/schemas";
import { isUuid } from "@/db/ids";

export const LIST_PAGE_SIZE = 20;

type Status = (typeof DISTRIBUTOR_STATUSES)[number];
type Role = (typeof DISTRIBUTOR_ROLES)[number];

export interface ListState {
  tab: "all" | "review";
  status?: Status;
  role?: Role;
  levelId?: string;
  q: string;
  page: number;
}


function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function parseListState(params: Record<string, string | string[] | undefined>): ListState {
  const status = one(params.status);
  const role = one(params.role);
  const level = one(params.level);
  const page = Number(one(params.page) ?? "1");
  return {
    tab: one(params.tab) === "review" ? "review" : "all",
    status: (DISTRIBUTOR_STATUSES as readonly string[]).includes(status ?? "") ? (status as Status) : undefined,
    role: (DISTRIBUTOR_ROLES as readonly string[]).includes(role ?? "") ? (role as Role) : undefined,
    levelId: level && isUuid(level) ? level : undefined,
    q: (one(params.q) ?? "").slice(0, 60),
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  };
}

export function listSearchParams(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.tab === "review") p.set("tab", "review");
  if (s.status && s.tab === "all") p.set("status", s.status);
  if (s.role) p.set("role", s.role);
  if (s.levelId) p.set("level", s.levelId);
  if (s.q.trim()) p.set("q", s.q.trim());
  if (s.page > 0) p.set("page", String(s.page + 1));
  return p;
}

/** distributors.list input; the review tab is the "applied" status, oldest first. */
export function listInput(s: ListState) {
  return {
    status: s.tab === "review" ? ("applied" as const) : s.status,
    role: s.role,
    levelId: s.levelId,
    q: s.q.trim() || undefined,
    limit: LIST_PAGE_SIZE,
    offset: s.page * LIST_PAGE_SIZE,
  };
}

/** The review tab's count badge: only the total is needed. */
export const REVIEW_COUNT_INPUT = { status: "applied" as const, limit: 1, offset: 0 };
