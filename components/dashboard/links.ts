/**
 * Where each dashboard figure leads: the console list behind it, with the list's own query-string
 * filters (orders: paidFrom/paidTo/channel/risk/distributor; commissions: createdFrom/createdTo/
 * status/distributor; bindings: boundFrom/boundTo). Pure, so the links are tested without a page.
 */
export interface Period {
  first: string;
  last: string;
}

function href(path: string, params: Record<string, string | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const dashboardLinks = {
  activeDistributors: () => href("/console/distributors", { status: "active" }),
  orders: (p: Period, channel?: string, extra: { distributor?: string; risk?: string } = {}) =>
    href("/console/settlement/orders", { paidFrom: p.first, paidTo: p.last, channel, ...extra }),
  blocked: (p: Period, channel?: string) =>
    href("/console/settlement/orders", {
      paidFrom: p.first,
      paidTo: p.last,
      channel,
      risk: "block",
    }),
  /** The commissions list filters by when a commission was created, which for live orders is when they were paid. */
  commissions: (p: Period, extra: { distributor?: string; status?: string } = {}) =>
    href("/console/settlement/commissions", { createdFrom: p.first, createdTo: p.last, ...extra }),
  bindings: (p: Period) =>
    href("/console/distributors/bindings", { boundFrom: p.first, boundTo: p.last }),
  clicks: () => "/console/promotion",
  distributors: () => "/console/distributors",
  distributor: (id: string) => `/console/distributors/${id}`,
};

/** The last `n` brand months up to `current`, newest first ("2026-11"). */
export function recentMonths(current: string, n: number): string[] {
  const [y, m] = current.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

/** A month's first and last ISO dates. */
export function periodOf(month: string): Period {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, "0")}` };
}
