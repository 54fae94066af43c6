import { describe, expect, it } from "vitest";
import { orderFilterSchema, commissionFilterSchema } from "@/server/orders/console-schemas";
import { bindingFilterSchema } from "@/server/network/console-lists";
import { dashboardLinks, periodOf, recentMonths } from "./links";

const query = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("dashboard links", () => {
  it("lead to the lists with filters those lists accept", () => {
    const p = periodOf("2026-02");
    expect(p).toEqual({ first: "2026-02-01", last: "2026-02-28" });
    const orders = dashboardLinks.orders(p, "jd", { distributor: "ABC123" });
    expect(orders.startsWith("/console/settlement/orders?")).toBe(true);
    expect(orderFilterSchema.parse(query(orders))).toMatchObject({
      paidFrom: "2026-02-01",
      paidTo: "2026-02-28",
      channel: "jd",
      distributor: "ABC123",
    });
    expect(orderFilterSchema.parse(query(dashboardLinks.blocked(p)))).toMatchObject({
      risk: "block",
    });
    expect(
      commissionFilterSchema.parse(query(dashboardLinks.commissions(p, { status: "settled" }))),
    ).toMatchObject({ createdFrom: "2026-02-01", status: "settled" });
    expect(bindingFilterSchema.parse(query(dashboardLinks.bindings(p)))).toMatchObject({
      boundFrom: "2026-02-01",
      boundTo: "2026-02-28",
    });
  });

  it("lists recent months across a year", () => {
    expect(recentMonths("2026-02", 3)).toEqual(["2026-02", "2026-01", "2025-12"]);
  });
});
