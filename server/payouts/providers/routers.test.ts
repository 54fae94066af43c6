/**
 * The payout procedures through tRPC: the console's bank batch round trip (export, file,
 * result import, report, audit) and the portal's WeChat confirmation info, which only the
 * withdrawal's own distributor can read.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditLogs, distributors, tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { ALL_CHANNELS, setSettings } from "@/server/payouts/withdrawals/testing";
import { executePayout } from "./executor";
import { fakeWechatConfig } from "./fake/wechat";
import { configurePayoutProviders } from "./registry";
import { approvedWithdrawal, CARD, fakeProviders, payee } from "./testing";

let t: Database;
let fakes: Awaited<ReturnType<typeof fakeProviders>>;
beforeAll(async () => {
  t = await createTestDatabase();
  fakes = await fakeProviders();
  configurePayoutProviders({ providers: fakes.providers, wechat: fakeWechatConfig(fakes.wx.keys, fakes.wx.url) });
});
afterAll(async () => {
  configurePayoutProviders({});
  await fakes.close();
  await t.close();
});

async function brand() {
  const b = await createBrandFixture(t, "Payout brand");
  await withTenant(t.db, b.tenantId, (tx) => setSettings(tx, b.tenantId, ALL_CHANNELS));
  const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
  const slug = (await t.db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, b.tenantId)))[0]!.slug;
  return { ...b, caller, slug };
}

async function portalCaller(tenantId: string, distributorId: string) {
  const [d] = await withTenant(t.db, tenantId, (tx) => tx.select({ memberId: distributors.memberId }).from(distributors).where(eq(distributors.id, distributorId)));
  const s = await createPortalSession(t.db, tenantId, d!.memberId);
  return createCaller(await createTrpcContext({ database: t, portalCookie: s.cookieValue, ip: "198.51.100.71" }));
}

describe("bankBatches", () => {
  it("export → file → result import → report, each audited", async () => {
    const b = await brand();
    const d = await payee(t, b.tenantId, 100_000);
    const w1 = await approvedWithdrawal(t, b.tenantId, d.id, "bank", 20_000);
    const w2 = await approvedWithdrawal(t, b.tenantId, d.id, "bank", 30_000);
    expect((await b.caller.bankBatches.list()).exportable.count).toBe(2);

    const created = await b.caller.bankBatches.create({});
    expect(created).toMatchObject({ count: 2 });
    const list = await b.caller.bankBatches.list();
    expect(list.exportable.count).toBe(0);
    expect(list.batches[0]).toMatchObject({ id: created.id, status: "exported", paying: 2 });

    const csv = await b.caller.bankBatches.file({ id: created.id, format: "csv" });
    expect(csv.fileName).toBe(`${created.batchNo}.csv`);
    expect(Buffer.from(csv.base64, "base64").toString("utf8")).toContain(CARD);
    const xlsx = await b.caller.bankBatches.file({ id: created.id, format: "xlsx" });
    expect(Buffer.from(xlsx.base64, "base64").subarray(0, 2).toString()).toBe("PK");

    const result = `商户单号,状态,失败原因\r\n${w1.outBillNo},成功,\r\n${w2.outBillNo},失败,账户冻结\r\n`;
    const report = await b.caller.bankBatches.importResults({ id: created.id, fileName: "result.csv", base64: Buffer.from(result).toString("base64") });
    expect(report.lines.map((l) => l.outcome)).toEqual(["paid", "failed"]);
    const file = await b.caller.bankBatches.report({ id: created.id });
    expect(Buffer.from(file!.base64, "base64").toString("utf8")).toContain(w2.outBillNo);
    expect((await b.caller.bankBatches.list()).batches[0]).toMatchObject({ status: "settled", paying: 0 });

    const actions = await withTenant(t.db, b.tenantId, (tx) => tx.select({ action: auditLogs.action }).from(auditLogs));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["payout.bank_batch_exported", "payout.bank_batch_downloaded", "payout.bank_results_imported"]));
  });

  it("nothing to export is a clear error; a bad file changes nothing", async () => {
    const b = await brand();
    expect(await outcomeOf(b.caller.bankBatches.create({}))).toBe("UNPROCESSABLE_CONTENT");
    const d = await payee(t, b.tenantId, 100_000);
    await approvedWithdrawal(t, b.tenantId, d.id, "bank", 20_000);
    const { id } = await b.caller.bankBatches.create({});
    expect(await outcomeOf(b.caller.bankBatches.importResults({ id, fileName: "x.csv", base64: Buffer.from("a,b\r\n1,2\r\n").toString("base64") }))).toBe("UNPROCESSABLE_CONTENT");
    expect((await b.caller.bankBatches.list()).batches[0]).toMatchObject({ status: "exported", paying: 1, resultFileName: null });
  });
});

describe("portalPayouts.confirmation", () => {
  it("gives the distributor the package for its own waiting WeChat transfer, and nobody else", async () => {
    const b = await brand();
    fakes.wx.mode = "waiting_confirmation";
    const d = await payee(t, b.tenantId, 50_000);
    const other = await payee(t, b.tenantId, 50_000);
    const w = await approvedWithdrawal(t, b.tenantId, d.id, "wechat", 10_000);
    const own = await portalCaller(b.tenantId, d.id);
    // Not waiting yet (approved): nothing to confirm.
    expect(await own.portalPayouts.confirmation({ slug: b.slug, withdrawalId: w.id })).toBeNull();
    await executePayout(t.db, b.tenantId, w.id);
    const info = await own.portalPayouts.confirmation({ slug: b.slug, withdrawalId: w.id });
    expect(info).toMatchObject({ mchId: fakes.wx.keys.mchid, appId: fakes.wx.keys.appid, package: expect.stringMatching(/.+/) as unknown });
    const stranger = await portalCaller(b.tenantId, other.id);
    expect(await outcomeOf(stranger.portalPayouts.confirmation({ slug: b.slug, withdrawalId: w.id }))).toBe("NOT_FOUND");
    // Another brand's distributor, on this brand's page: not signed in there.
    const c = await brand();
    const cd = await payee(t, c.tenantId, 1_000);
    const foreign = await portalCaller(c.tenantId, cd.id);
    expect(await outcomeOf(foreign.portalPayouts.confirmation({ slug: b.slug, withdrawalId: w.id }))).toBe("UNAUTHORIZED");
    expect(await outcomeOf(foreign.portalPayouts.confirmation({ slug: c.slug, withdrawalId: w.id }))).toBe("NOT_FOUND");
  });
});
