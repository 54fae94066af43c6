/**
 * GET /api/v1/dashboard on a brand built through the public API only: its figures equal an
 * independent calculation from the orders the API returns (GET /api/v1/orders/{channel}/{id}),
 * month by Asia/Shanghai; another brand's key sees its own brand only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { nextPhone } from "@/server/network/test-helpers";
import { brandWithKey, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

const MOUNT = "node:http" as const;

async function apiBrand(name: string) {
  const b = await brandWithKey(t, name);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await h.call(MOUNT, method, path, { key: b.key, body });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  expect(
    (await call("PATCH", "/api/v1/program", { commissionLevels: 2, afterSalesDays: 0 })).status,
  ).toBe(200);
  expect(
    (
      await call("POST", "/api/v1/commission-rules", {
        name: "flat",
        match: {},
        tiers: [
          { tier: 1, rateBp: 1000 },
          { tier: 2, rateBp: 300 },
        ],
      })
    ).status,
  ).toBe(201);
  const up = await call("POST", "/api/v1/distributors", { name: `${name} Up`, phone: nextPhone() });
  const down = await call("POST", "/api/v1/distributors", {
    name: `${name} Down`,
    phone: nextPhone(),
    uplineCode: up.json.code,
  });
  return { ...b, call, up: String(up.json.code), down: String(down.json.code) };
}

describe("GET /api/v1/dashboard", () => {
  it("matches an independent calculation from the orders, and shows a brand its own figures only", async () => {
    const a = await apiBrand("Dash A");
    const b = await apiBrand("Dash B");
    const orders = [
      {
        channel: "tmall",
        externalId: "A1",
        paidAt: "2026-10-31T16:30:00Z",
        amountFen: 30_000,
        code: a.down,
      }, // Nov 1 in Shanghai
      {
        channel: "jd",
        externalId: "A2",
        paidAt: "2026-11-15T02:00:00Z",
        amountFen: 12_345,
        code: a.up,
      },
      {
        channel: "tmall",
        externalId: "A3",
        paidAt: "2026-10-31T15:00:00Z",
        amountFen: 9_999,
        code: a.down,
      }, // still October
      {
        channel: "jd",
        externalId: "A4",
        paidAt: "2026-11-20T02:00:00Z",
        amountFen: 50_000,
        code: a.down,
      },
    ];
    for (const o of orders) {
      const r = await a.call("POST", "/api/v1/orders", {
        channel: o.channel,
        externalId: o.externalId,
        status: "paid",
        buyer: { identities: [{ kind: "phone", value: nextPhone() }] },
        referralCode: o.code,
        items: [{ sku: "SKU", quantity: 1, amountFen: o.amountFen }],
        paidAt: o.paidAt,
      });
      expect(r.status).toBe(201);
    }
    expect(
      (
        await a.call("POST", "/api/v1/orders/jd/A2/events", {
          type: "refund",
          refundId: "R1",
          items: [{ sku: "SKU", amountFen: 2_345 }],
          at: "2026-11-16T00:00:00Z",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await a.call("POST", "/api/v1/orders/jd/A4/events", {
          type: "cancelled",
          at: "2026-11-21T00:00:00Z",
        })
      ).status,
    ).toBe(200);
    await b.call("POST", "/api/v1/orders", {
      channel: "tmall",
      externalId: "B1",
      status: "paid",
      buyer: { identities: [{ kind: "phone", value: nextPhone() }] },
      referralCode: b.down,
      items: [{ sku: "SKU", quantity: 1, amountFen: 99_900 }],
      paidAt: "2026-11-02T02:00:00Z",
    });

    // The independent side: what the API says of each order, grouped by Shanghai month.
    const nov = {
      gmv: 0,
      commission: 0,
      sellers: new Set<string>(),
      byCode: new Map<string, { gmv: number; commission: number }>(),
    };
    for (const o of orders) {
      const v = (await a.call("GET", `/api/v1/orders/${o.channel}/${o.externalId}`)).json as {
        status: string;
        paidAt: string;
        attribution: { distributorCode: string | null };
        items: { amountFen: number; refundedFen: number }[];
        commissions: { distributorCode: string; amountFen: number }[];
      };
      const month = new Date(new Date(v.paidAt).getTime() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 7);
      if (month !== "2026-11") continue;
      for (const c of v.commissions) {
        nov.commission += c.amountFen;
        const d = nov.byCode.get(c.distributorCode) ?? { gmv: 0, commission: 0 };
        d.commission += c.amountFen;
        nov.byCode.set(c.distributorCode, d);
      }
      if (v.status === "cancelled" || !v.attribution.distributorCode) continue;
      const gmv = v.items.reduce((s, i) => s + i.amountFen - i.refundedFen, 0);
      nov.gmv += gmv;
      nov.sellers.add(v.attribution.distributorCode);
      const d = nov.byCode.get(v.attribution.distributorCode) ?? { gmv: 0, commission: 0 };
      d.gmv += gmv;
      nov.byCode.set(v.attribution.distributorCode, d);
    }

    const res = await a.call("GET", "/api/v1/dashboard?month=2026-11");
    expect(res.status).toBe(200);
    const dash = res.json as {
      figures: Record<string, { value: number; previous: number }>;
      top: { code: string; gmvFen: number; commissionFen: number }[];
      channels: { channel: string }[];
    };
    expect(dash.figures.gmvFen!.value).toBe(nov.gmv);
    expect(dash.figures.gmvFen!.value).toBe(30_000 + 10_000); // A1 + A2 after its refund
    expect(dash.figures.gmvFen!.previous).toBe(9_999);
    expect(dash.figures.commissionFen!.value).toBe(nov.commission);
    expect(dash.figures.activeDistributors!.value).toBe(nov.sellers.size);
    expect(dash.figures.blockedOrders!.value).toBe(0);
    expect(
      Object.fromEntries(
        dash.top.map((r) => [r.code, { gmv: r.gmvFen, commission: r.commissionFen }]),
      ),
    ).toEqual(Object.fromEntries([...nov.byCode].filter(([, d]) => d.gmv || d.commission)));

    const jd = (await a.call("GET", "/api/v1/dashboard?month=2026-11&channel=jd")).json as {
      figures: Record<string, { value: number }>;
    };
    expect(jd.figures.gmvFen!.value).toBe(10_000);

    // Brand B's key: brand B's order only.
    const seenByB = (await b.call("GET", "/api/v1/dashboard?month=2026-11")).json as typeof dash;
    expect(seenByB.figures.gmvFen!.value).toBe(99_900);
    expect(seenByB.top.map((r) => r.code).sort()).toEqual([b.down, b.up].sort());

    expect((await a.call("GET", "/api/v1/dashboard?month=2026-13")).status).toBe(400);
  });
});
