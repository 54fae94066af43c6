/**
 * The console's workbench navigation, in one place. An entry shows only when its feature
 * exists (`ready`) and the signed-in role has its permission; flip `ready` when a feature lands.
 */
import type { Permission } from "@/server/auth/permissions";

export interface NavEntry {
  id: string;
  href: string;
  /** Key in the "console.nav" messages. */
  labelKey: string;
  permission: Permission;
  ready: boolean;
  /** A count beside the label: what waits for someone (fetched by the sidebar). */
  badge?: "pendingReview";
}

export const CONSOLE_NAV: readonly NavEntry[] = [
  { id: "dashboard", href: "/console", labelKey: "dashboard", permission: "dashboard.read", ready: true },
  { id: "distributors", href: "/console/distributors", labelKey: "distributors", permission: "distributors.read", ready: true },
  // The distributors list's review tab, one click from anywhere, with what is waiting on it.
  { id: "review", href: "/console/distributors?tab=review", labelKey: "review", permission: "distributors.read", ready: true, badge: "pendingReview" },
  { id: "promotion", href: "/console/promotion", labelKey: "promotion", permission: "distributors.read", ready: true },
  { id: "rules", href: "/console/rules", labelKey: "rules", permission: "rules.manage", ready: true },
  // Every role that reads orders may open it; running settlement inside still needs settlement.manage.
  { id: "settlement", href: "/console/settlement", labelKey: "settlement", permission: "orders.read", ready: true },
  { id: "withdrawals", href: "/console/withdrawals", labelKey: "withdrawals", permission: "withdrawals.review", ready: true },
  // Approved bank-card withdrawals go out as the bank's batch file; its result file comes back here.
  { id: "bankBatches", href: "/console/payouts/bank-batches", labelKey: "bankBatches", permission: "withdrawals.review", ready: true },
  // The monthly tax report for filing (issue 9 item 5).
  { id: "tax", href: "/console/tax", labelKey: "tax", permission: "withdrawals.review", ready: true },
  // Issue 12: monthly team bonus and month close; all-staff marketing performance.
  { id: "teamBonus", href: "/console/team-bonus", labelKey: "teamBonus", permission: "orders.read", ready: true },
  { id: "employees", href: "/console/employees", labelKey: "employees", permission: "distributors.read", ready: true },
  // KPI tasks and leaderboards (issue 12 items 4–5).
  { id: "kpiTasks", href: "/console/kpi-tasks", labelKey: "kpiTasks", permission: "distributors.read", ready: true },
  { id: "leaderboards", href: "/console/leaderboards", labelKey: "leaderboards", permission: "distributors.read", ready: true },
  { id: "team", href: "/console/team", labelKey: "team", permission: "distributors.read", ready: true },
  { id: "risk", href: "/console/risk", labelKey: "risk", permission: "risk.review", ready: true },
  { id: "compliance", href: "/console/compliance", labelKey: "compliance", permission: "compliance.read", ready: true },
  { id: "settings", href: "/console/settings", labelKey: "settings", permission: "settings.read", ready: true },
];

export function visibleNav(permissions: readonly string[], entries: readonly NavEntry[] = CONSOLE_NAV) {
  return entries.filter((e) => e.ready && permissions.includes(e.permission));
}

/**
 * The entry a path belongs to: the longest matching href ("/console" only matches exactly).
 * Entries with a query string (the review queue) open a view of another entry's page and are
 * never the current one: the page's own entry is.
 */
export function activeNavId(pathname: string, entries: readonly NavEntry[]): string | undefined {
  let best: NavEntry | undefined;
  for (const e of entries) {
    if (e.href.includes("?")) continue;
    const match = e.href === "/console" ? pathname === "/console" : pathname === e.href || pathname.startsWith(`${e.href}/`);
    if (match && (!best || e.href.length > best.href.length)) best = e;
  }
  return best?.id;
}
