/**
 * The withdrawal routers end to end through tRPC: the portal (options, quote, request, list,
 * detail, cancel) as the signed-in distributor, the console queue (filters, detail with masked
 * identity, approve, reject, bulk approve, settings), and cross-brand isolation of every
 * portalWithdrawals procedure (console ones are in server/api/isolation.test.ts).
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { balancesOfOne } from "@/server/ledger/balances";
import { chain } from "@/server/network/test-helpers";
import { ALL_CHANNELS, fund, setIdentity, setSettings } from "@/server/payouts/withdrawals/testing";
import { createPortalSession } from "@/server/portal/portal-session";
import { createStaffSession, getStaffSession, switchBrand } from "@/server/auth/staff-auth";
import { exportCsv } from "@/server/export/handler";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { createCaller } from "../root";
import { createTrpcContext } from "../trpc";

let t: Database;
type Brand = Awaited<ReturnType<typeof createBrandFixture>>;
let A: Brand;
let B: Brand;
let staffA: Awaited<ReturnType<typeof staffCaller>>["caller"];
let dA: { id: string; memberId: string; code: string };
let dB: { id: string; memberId: string; code: string };
let portalA: ReturnType<typeof createCaller>;
let bWithdrawalId = "";

async function portalCaller(tenantId: string, memberId: string) {
  const s = await createPortalSession(t.db, tenantId, memberId);
  return createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.71" }));
}

beforeAll(async () => {
  t = await createTestDatabase();
  A = await createBrandFixture(t, "WA");
  B = await createBrandFixture(t, "WB");
  staffA = (await staffCaller(t, A.ownerUserId, A.tenantId)).caller;
  for (const [brand, set] of [[A, (d: typeof dA) => (dA = d)], [B, (d: typeof dA) => (dB = d)]] as const) {
    const [d] = await chain(t.db, brand.tenantId, ["Earner"]);
    set(d!);
    await withTenant(t.db, brand.tenantId, async (tx) => {
      await setSettings(tx, brand.tenantId, ALL_CHANNELS);
      await fund(tx, brand.tenantId, d!.id, 2_000_000);
      await setIdentity(tx, brand.tenantId, d!.id);
    });
  }
  portalA = await portalCaller(A.tenantId, dA.memberId);
  const portalB = await portalCaller(B.tenantId, dB.memberId);
  bWithdrawalId = (await portalB.portalWithdrawals.request({ slug: B.slug, channel: "bank", amountFen: 10_000 })).id;
});
afterAll(async () => t.close());

describe("portal", () => {
  it("shows channels with limits, quotes before confirming, requests, lists and shows the timeline", async () => {
    const opts = await portalA.portalWithdrawals.options({ slug: A.slug });
    expect(opts.availableFen).toBe(2_000_000);
    expect(opts.channels.map((c) => [c.channel, c.blocked])).toEqual([
      ["bank", null],
      ["wechat", null],
      ["alipay", null],
    ]);
    const q = await portalA.portalWithdrawals.quote({ slug: A.slug, channel: "bank", amountFen: 300_000 });
    expect(q).toMatchObject({ feeFen: 0, taxFen: 44_000, netFen: 256_000, problem: null });
    const tooMuch = await portalA.portalWithdrawals.quote({ slug: A.slug, channel: "wechat", amountFen: 600_000 });
    expect(tooMuch.problem).toMatchObject({ code: "above_max", alternatives: ["bank", "alipay"] });

    const w = await portalA.portalWithdrawals.request({ slug: A.slug, channel: "bank", amountFen: 300_000 });
    expect(w).toMatchObject({ status: "reviewing", amountFen: 300_000, taxEstimated: true, payeeAccountMasked: "**** 1111" });
    expect(w).not.toHaveProperty("payeeAccountEnc");
    const list = await portalA.portalWithdrawals.list({ slug: A.slug });
    expect(list.items.map((i) => i.id)).toContain(w.id);
    const detail = await portalA.portalWithdrawals.detail({ slug: A.slug, id: w.id });
    expect(detail.timeline.map((e) => e.toStatus)).toEqual(["reviewing"]);
    expect(detail.timeline[0]).not.toHaveProperty("actorId");
  });

  it("a limit refusal is a clear error naming the channel, and nothing changes", async () => {
    const before = await withTenant(t.db, A.tenantId, (tx) => balancesOfOne(tx, dA.id));
    const err = (await portalA.portalWithdrawals.request({ slug: A.slug, channel: "wechat", amountFen: 600_000 }).catch((e: unknown) => e)) as TRPCError;
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.message).toMatch(/WeChat wallet takes at most ¥5,000\.00/);
    expect(await withTenant(t.db, A.tenantId, (tx) => balancesOfOne(tx, dA.id))).toEqual(before);
  });

  it("cancels its own withdrawal while under review; the funds return", async () => {
    const w = await portalA.portalWithdrawals.request({ slug: A.slug, channel: "bank", amountFen: 1_000 });
    const c = await portalA.portalWithdrawals.cancel({ slug: A.slug, id: w.id });
    expect(c.status).toBe("cancelled");
    expect((await portalA.portalWithdrawals.detail({ slug: A.slug, id: w.id })).timeline.map((e) => e.toStatus)).toEqual(["reviewing", "cancelled"]);
  });
});

describe("console", () => {
  it("lists with filters, shows the detail with masked identity and tax, approves, rejects, bulk approves", async () => {
    const w1 = await portalA.portalWithdrawals.request({ slug: A.slug, channel: "bank", amountFen: 5_000 });
    const w2 = await portalA.portalWithdrawals.request({ slug: A.slug, channel: "alipay", amountFen: 7_000 });
    const all = await staffA.withdrawals.list({ status: "reviewing" });
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([w1.id, w2.id]));
    expect(all.reviewing.count).toBe(all.total);
    expect((await staffA.withdrawals.list({ channel: "alipay" })).items.map((i) => i.id)).toEqual([w2.id]);
    expect((await staffA.withdrawals.list({ minYuan: "60", maxYuan: "70.00" })).items.map((i) => i.id)).toEqual([w2.id]);
    expect((await staffA.withdrawals.list({ distributor: dA.code, sort: "amount", dir: "asc", limit: 1 })).items[0]!.amountFen).toBe(1_000);
    expect((await staffA.withdrawals.list({ distributor: "nobody-by-that-name" })).total).toBe(0);

    const d = await staffA.withdrawals.detail({ id: w1.id });
    expect(d.identity).toMatchObject({ idNumberMasked: "110105********002X", bankCardMasked: "**** 1111" });
    expect(JSON.stringify(d)).not.toMatch(/k1:/); // no ciphertext leaves the server
    expect(d.balances.withdrawingFen).toBeGreaterThan(0);
    expect(d.balanceHistory.some((l) => l.kind === "withdrawal")).toBe(true);
    expect(d.risk).toEqual({ flaggedOrders: 0, orders: [] });
    expect(d.timeline).toHaveLength(1);

    expect(await staffA.withdrawals.approve({ id: w1.id })).toMatchObject({ outcome: "approved" });
    expect((await staffA.withdrawals.detail({ id: w1.id })).timeline.at(-1)).toMatchObject({ toStatus: "approved", actorName: "WA Owner" });
    expect(await staffA.withdrawals.reject({ id: w2.id, reason: "账户信息不符" })).toMatchObject({ status: "rejected" });
    const w3 = await portalA.portalWithdrawals.request({ slug: A.slug, channel: "bank", amountFen: 1_200_000 });
    const bulk = await staffA.withdrawals.bulkApprove({ ids: [w1.id, w3.id] });
    expect(bulk.counts).toEqual({ not_reviewing: 1, first_approval: 1 });
    const portalView = await portalA.portalWithdrawals.detail({ slug: A.slug, id: w2.id });
    expect(portalView).toMatchObject({ status: "rejected", reason: "账户信息不符" });
  });

  it("exports the filtered queue as CSV in the reader's language, with amounts in yuan", async () => {
    const sid = await createStaffSession(t.db, A.ownerUserId);
    await switchBrand(t.db, (await getStaffSession(t.db, sid))!, A.tenantId);
    const res = await exportCsv({ database: t, staffSessionId: sid, list: "withdrawals", query: new URLSearchParams({ status: "rejected" }), locale: "zh-CN" });
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toContain("出款单号");
    expect(lines[0]).toContain("提现金额（元）");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("70.00");
    expect(lines[1]).toContain("已驳回");
    expect(lines[1]).toContain("支付宝");
  });

  it("reads and saves payout settings; invalid ones are refused", async () => {
    const s = await staffA.withdrawals.settings();
    const saved = await staffA.withdrawals.updateSettings({ ...s, feeBp: 25, monthlyCountCap: 5 });
    expect(saved).toMatchObject({ feeBp: 25, monthlyCountCap: 5 });
    const err = (await staffA.withdrawals.updateSettings({ ...s, feeBp: 9_000 }).catch((e: unknown) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    await staffA.withdrawals.updateSettings(s);
  });
});

describe("portalWithdrawals cross-brand isolation", () => {
  const cases: Record<string, () => Promise<unknown>> = {
    // Brand A's distributor asking about brand B's withdrawal: not found.
    "portalWithdrawals.detail": () => portalA.portalWithdrawals.detail({ slug: A.slug, id: bWithdrawalId }),
    "portalWithdrawals.cancel": () => portalA.portalWithdrawals.cancel({ slug: A.slug, id: bWithdrawalId }),
    // On brand B's page a brand A session is not signed in.
    "portalWithdrawals.options": () => portalA.portalWithdrawals.options({ slug: B.slug }),
    "portalWithdrawals.quote": () => portalA.portalWithdrawals.quote({ slug: B.slug, channel: "bank", amountFen: 100 }),
    "portalWithdrawals.request": () => portalA.portalWithdrawals.request({ slug: B.slug, channel: "bank", amountFen: 100 }),
    "portalWithdrawals.list": () => portalA.portalWithdrawals.list({ slug: B.slug }),
  };

  it("covers every portalWithdrawals procedure", async () => {
    const { appRouter } = await import("../root");
    const procs = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("portalWithdrawals."));
    expect(procs.filter((p) => !(p in cases))).toEqual([]);
  });

  for (const [name, call] of Object.entries(cases)) {
    it(`${name} across brands is NOT_FOUND or UNAUTHORIZED`, async () => {
      const err = await call().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect(["NOT_FOUND", "UNAUTHORIZED"]).toContain((err as TRPCError).code);
    });
  }

  it("left brand B's withdrawal under review with its money in withdrawing", async () => {
    const rows = await withTenant(t.db, B.tenantId, (tx) => balancesOfOne(tx, dB.id));
    expect(rows).toMatchObject({ availableFen: 2_000_000 - 10_000, withdrawingFen: 10_000 });
    const portalB = await portalCaller(B.tenantId, dB.memberId);
    expect((await portalB.portalWithdrawals.detail({ slug: B.slug, id: bWithdrawalId })).status).toBe("reviewing");
  });
});
