"use client";

import type { ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";

/**
 * Previous / next for a server-paged list. Texts come from the caller (the summary usually
 * reads "21–40 of 135"), so the primitive has no message namespace of its own.
 */
export function Pagination({
  page,
  pageSize,
  total,
  onPageChange,
  summary,
  previousLabel,
  nextLabel,
  busy = false,
  className,
  ...rest
}: {
  /** Zero-based page index. */
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  summary: ReactNode;
  previousLabel: string;
  nextLabel: string;
  busy?: boolean;
  className?: string;
  "data-testid"?: string;
}) {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return (
    <nav className={cn("flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-slate-600", className)} {...rest}>
      <p aria-live="polite">{summary}</p>
      <div className="flex items-center gap-2">
        <Button variant="secondary" size="sm" disabled={busy || page <= 0} onClick={() => onPageChange(page - 1)}>
          {previousLabel}
        </Button>
        <Button variant="secondary" size="sm" disabled={busy || page >= last} onClick={() => onPageChange(page + 1)}>
          {nextLabel}
        </Button>
      </div>
    </nav>
  );
}

/** 1-based first and last item numbers shown on a page ("21" and "40"). */
export function pageRange(page: number, pageSize: number, total: number) {
  if (total === 0) return { from: 0, to: 0 };
  return { from: page * pageSize + 1, to: Math.min(total, (page + 1) * pageSize) };
}
