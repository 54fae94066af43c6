/**
 * Order file import end to end on the embedded database: every platform's sample export
 * (GBK CSV, UTF-8 CSV, XLSX, the WeChat ZIP) through the same ingest and event services as the
 * API, re-import, refunds, refused files, row errors, saved mappings, resume and isolation.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { commissions, distributors, ledgerJournals, orderImportFiles, orderImportIssues, orderImports, orderLines, orders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain } from "@/server/network/test-helpers";
import { parseOrderFile } from "@/server/orders/import";
import { addRule, FLAT_RULE, moneyBrand } from "@/server/orders/testing";
import { settleTenant } from "@/server/settlement/run";
import { appErrorOf } from "@/server/testing/outcomes";
import { getImport, importDetail, issuesPage, listImports, listMappings, resumeStaleImports, runImport, saveMapping, startImport } from ".";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const FIXTURES = path.join(import.meta.dirname, "../import/fixtures");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const CODES = ["XYZ789", "K7M9PQ", "ABC234"];

/** A brand with a flat rule and distributors holding the referral codes the samples carry. */
async function brand() {
  const tenantId = await moneyBrand(t);
  await addRule(t, tenantId, FLAT_RULE);
  const ds = await chain(t.db, tenantId, ["甲", "乙", "丙"]);
  await withTenant(t.db, tenantId, async (tx) => {
    for (const [i, d] of ds.entries()) await tx.update(distributors).set({ code: CODES[i]! }).where(eq(distributors.id, d.id));
  });
  return { tenantId, userId: randomUUID() };
}

async function importFile(b: { tenantId: string; userId: string }, fileName: string, bytes = fixture(fileName), extra: { chunkSize?: number; mappingId?: string } = {}) {
  const started = await startImport(t.db, { ...b, fileName, bytes, ...extra });
  if (!started.ok) throw new Error(`refused: ${started.issue.message}`);
  expect(await runImport(t.db, b.tenantId, started.importId)).toBe("done");
  return withTenant(t.db, b.tenantId, (tx) => getImport(tx, started.importId));
}

/** What the parser alone says the file holds. */
async function parsed(bytes: Uint8Array) {
  const out = { orders: [] as { channel: string; externalId: string; amountFen: number; referralCode?: string }[], refunds: 0 };
  for await (const c of parseOrderFile(bytes)) {
    for (const o of c.orders)
      out.orders.push({ channel: o.order.channel, externalId: o.order.externalId, amountFen: o.order.items.reduce((s, i) => s + i.amountFen, 0), referralCode: o.order.referralCode });
    out.refunds += c.refunds.length;
  }
  return out;
}

const journalCount = (tenantId: string) => withTenant(t.db, tenantId, async (tx) => (await tx.select({ n: count() }).from(ledgerJournals))[0]!.n);

describe("each platform's sample export", () => {
  const samples = [
    "taobao-orders-legacy.gbk.csv",
    "taobao-items.csv",
    "tmall-orders-2025.xlsx",
    "pdd-orders.gbk.csv",
    "jd-orders.utf8-bom.csv",
    "douyin-orders.csv",
    "wechat-channels-orders.xlsx",
    "wechat-channels-orders.zip",
    "taobao-legacy-pair.zip",
  ];
  for (const name of samples) {
    it(`${name}: every order lands with its amount to the fen and its referral code's distributor`, async () => {
      const b = await brand();
      const expected = await parsed(fixture(name));
      expect(expected.orders.length).toBeGreaterThan(0);
      const imp = await importFile(b, name);
      expect(imp.status).toBe("done");
      expect(imp.created).toBe(expected.orders.length);
      expect(imp.processedRows).toBe(imp.totalRows);
      const rows = await withTenant(t.db, b.tenantId, (tx) =>
        tx
          .select({ externalId: orders.externalId, amountFen: orders.amountFen, source: orders.source, importId: orders.importId, code: distributors.code })
          .from(orders)
          .leftJoin(distributors, eq(distributors.id, orders.distributorId)),
      );
      expect(rows).toHaveLength(expected.orders.length);
      for (const o of expected.orders) {
        const row = rows.find((r) => r.externalId === o.externalId)!;
        expect(row.amountFen, o.externalId).toBe(o.amountFen);
        expect(row.source).toBe("import");
        expect(row.importId).toBe(imp.id);
        if (o.referralCode && CODES.includes(o.referralCode)) expect(row.code).toBe(o.referralCode);
      }
      // The detail says how the orders it created were attributed.
      const { attribution } = await withTenant(t.db, b.tenantId, (tx) => importDetail(tx, imp.id));
      if (!attribution) throw new Error("a finished order import says how its orders were attributed");
      expect(attribution.referral_code).toBe(expected.orders.filter((o) => o.referralCode && CODES.includes(o.referralCode)).length);
      expect(attribution.referral_code + attribution.binding + attribution.none).toBe(imp.created);
      // The bytes are not kept once the import is done.
      const files = await withTenant(t.db, b.tenantId, (tx) => tx.select({ n: count() }).from(orderImportFiles));
      expect(files[0]!.n).toBe(0);
    });
  }

  it("the same file again changes nothing: no order, no journal, every order unchanged", async () => {
    const b = await brand();
    const first = await importFile(b, "pdd-orders.gbk.csv");
    const journals = await journalCount(b.tenantId);
    const again = await importFile(b, "pdd-orders.gbk.csv");
    expect(again.created).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.unchanged).toBe(first.created + first.updated + first.unchanged);
    expect(await journalCount(b.tenantId)).toBe(journals);
  });
});

describe("refund exports", () => {
  for (const [ordersFile, refundsFile] of [
    ["pdd-orders.gbk.csv", "pdd-refunds.gbk.csv"],
    ["taobao-items.csv", "taobao-refunds.csv"],
  ] as const) {
    it(`${refundsFile} refunds the orders of ${ordersFile} and shrinks their commission; a second time changes nothing`, async () => {
      const b = await brand();
      await importFile(b, ordersFile);
      const before = await withTenant(t.db, b.tenantId, async (tx) => ({
        refunded: Number((await tx.select({ s: sql<string>`coalesce(sum(${orderLines.refundedFen}), 0)` }).from(orderLines))[0]!.s),
        earned: Number((await tx.select({ s: sql<string>`coalesce(sum(${commissions.amountFen}), 0)` }).from(commissions))[0]!.s),
      }));
      const imp = await importFile(b, refundsFile);
      expect(imp.kind).toBe("refunds");
      expect(imp.updated).toBeGreaterThan(0);
      const after = await withTenant(t.db, b.tenantId, async (tx) => ({
        refunded: Number((await tx.select({ s: sql<string>`coalesce(sum(${orderLines.refundedFen}), 0)` }).from(orderLines))[0]!.s),
        earned: Number((await tx.select({ s: sql<string>`coalesce(sum(${commissions.amountFen}), 0)` }).from(commissions))[0]!.s),
      }));
      expect(after.refunded).toBeGreaterThan(before.refunded);
      expect(after.earned).toBeLessThanOrEqual(before.earned);
      const journals = await journalCount(b.tenantId);
      const again = await importFile(b, refundsFile);
      expect(again.updated).toBe(0);
      expect(again.unchanged).toBe(imp.updated + imp.unchanged);
      expect(await journalCount(b.tenantId)).toBe(journals);
    });
  }

  it("a refund for an order the brand does not have is a row error naming the order", async () => {
    const b = await brand();
    const imp = await importFile(b, "pdd-refunds.gbk.csv");
    expect(imp.updated).toBe(0);
    expect(imp.failed).toBeGreaterThan(0);
    const issues = await withTenant(t.db, b.tenantId, (tx) => issuesPage(tx, { importId: imp.id, severity: "error" }, { limit: 100, offset: 0 }, "en"));
    const missing = issues.items.find((i) => i.key === "ingest.orderNotFound" && i.row > 1 && i.message.includes("No order"));
    // Refused at ingest, after parsing: still reported with the row as the file has it.
    expect(Object.keys(missing!.raw)).toEqual(expect.arrayContaining(["订单号", "售后状态"]));
  });
});

describe("after-sales cases", () => {
  const utf8 = (text: string) => new TextEncoder().encode(`\uFEFF${text}`);
  const ORDERS_HEADER = "主订单编号,子订单编号,商品ID,标题,商品属性,商家编码,价格,购买数量,买家实付金额,订单状态,退款状态,退款金额,订单付款时间,确认收货时间,备注";
  const REFUNDS_HEADER =
    "订单编号,退款编号,支付宝交易号,订单付款时间,宝贝ID,宝贝标题,商家编码,买家实际支付金额,买家退款金额,手工退款/系统退款,是否需要退货,买家申请退款原因,退款的申请时间,超时时间,退款状态,货物状态,退款完结时间";
  const settleStates = (tenantId: string) =>
    withTenant(t.db, tenantId, async (tx) =>
      Object.fromEntries(
        (
          await tx
            .select({ sku: orderLines.sku, status: commissions.status })
            .from(commissions)
            .innerJoin(orderLines, eq(orderLines.id, commissions.lineId))
        ).map((r) => [r.sku, r.status]),
      ),
    );

  it("an open case holds its line's commission from settlement until a later export shows it closed", async () => {
    const b = await brand();
    // Completed long ago, so both lines are past their window; the pyjamas have a refund asked for.
    await importFile(
      b,
      "cases-orders.csv",
      utf8(
        [
          ORDERS_HEADER,
          "4301111111111111111,4301111111111111112,650001,羊绒围巾,,SCF-GRY,299.00,1,299.00,交易成功,没有申请退款,0,2025-11-11 00:00:30,2025-11-17 09:00:00,fx:ABC234",
          "4301111111111111111,4301111111111111113,650004,真丝睡衣,,PJ-001,459.00,1,459.00,交易成功,买家已经申请退款，等待卖家同意,0,2025-11-11 00:00:30,2025-11-17 09:00:00,",
        ].join("\n"),
      ),
    );
    await settleTenant(t.db, b.tenantId);
    expect(await settleStates(b.tenantId)).toEqual({ "SCF-GRY": "settled", "PJ-001": "pending" });

    // The seller's refund export: the case was closed without a refund; another row names an
    // item the order does not have.
    const closed = await importFile(
      b,
      "cases-refunds.csv",
      utf8(
        [
          REFUNDS_HEADER,
          "4301111111111111111,93001111111111111,,2025-11-11 00:00:30,650004,真丝睡衣,PJ-001,459.00,459.00,系统退款,否,不想要了,2025-11-18 10:00:00,,退款关闭,买家已收到货,2025-11-19 10:00:00",
          "4301111111111111111,93001111111111112,,2025-11-11 00:00:30,650099,丝巾,SILK-01,99.00,99.00,系统退款,否,不想要了,2025-11-18 10:00:00,,买家已经申请退款，等待卖家同意,买家已收到货,",
        ].join("\n"),
      ),
    );
    expect(closed).toMatchObject({ kind: "refunds", updated: 1, failed: 1 });
    const issues = await withTenant(t.db, b.tenantId, (tx) => issuesPage(tx, { importId: closed.id, severity: "error" }, { limit: 10, offset: 0 }, "en"));
    expect(issues.items.map((i) => [i.row, i.key])).toEqual([[3, "ingest.lineNotFound"]]);
    expect(issues.items[0]!.message).toContain("SILK-01");

    await settleTenant(t.db, b.tenantId);
    expect(await settleStates(b.tenantId)).toEqual({ "SCF-GRY": "settled", "PJ-001": "settled" });
  });
});

describe("refused and partly bad files", () => {
  it("a file no layout fits is refused with the headers it has, and nothing is written", async () => {
    const b = await brand();
    const bytes = new TextEncoder().encode("单号,金额,备注\nA1,10.00,x\n");
    const r = await startImport(t.db, { ...b, fileName: "mine.csv", bytes });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.headers).toEqual(["单号", "金额", "备注"]);
    expect(r.issue.key).toBe("header.unrecognised");
    expect(r.issue.message).toMatch(/column mapping/);
    const n = await withTenant(t.db, b.tenantId, (tx) => tx.select({ n: count() }).from(orderImports));
    expect(n[0]!.n).toBe(0);
    expect(await journalCount(b.tenantId)).toBe(0);
  });

  it("the sample missing a required header is refused by name", async () => {
    const b = await brand();
    const r = await startImport(t.db, { ...b, fileName: "broken.csv", bytes: fixture("broken-missing-header.csv") });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.key).toMatch(/^header\./);
  });

  it("a row with a bad amount is reported with its row number while the other orders import", async () => {
    const b = await brand();
    const text = new TextDecoder().decode(fixture("douyin-orders.csv"));
    const bad = text.replace('"SLP-PNK-38","29.90"', '"SLP-PNK-38","二十九"');
    expect(bad).not.toBe(text);
    const good = await parsed(fixture("douyin-orders.csv"));
    const imp = await importFile(b, "douyin-bad.csv", new TextEncoder().encode(bad));
    expect(imp.failed).toBeGreaterThanOrEqual(1);
    expect(imp.created).toBe(good.orders.length - 1);
    const issues = await withTenant(t.db, b.tenantId, (tx) => issuesPage(tx, { importId: imp.id, severity: "error" }, { limit: 100, offset: 0 }, "zh-CN"));
    const issue = issues.items.find((i) => i.row === 2);
    expect(issue?.key).toMatch(/^amount\./);
    // The report's "values in the row": the refused row as the file has it, by header.
    expect(issue?.raw).toMatchObject({ 商家编码: "SLP-PNK-38", 商品金额: "二十九" });
  });
});

describe("saved mappings", () => {
  const custom = "单号,状态,付款时间,金额,商品编码,推荐人\nM-1001,已完成,2025-11-11 10:00:00,100.00,SKU-A,XYZ789\nM-1002,待发货,2025-11-12 10:00:00,58.50,SKU-B,\n";

  it("an unknown layout imports with a mapping saved for its headers, found by the headers alone", async () => {
    const b = await brand();
    const bytes = new TextEncoder().encode(custom);
    const refused = await startImport(t.db, { ...b, fileName: "erp.csv", bytes });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    await withTenant(t.db, b.tenantId, (tx) =>
      saveMapping(tx, b.tenantId, {
        name: "ERP 报表",
        headers: refused.headers,
        mapping: {
          channel: "mini_program",
          columns: { orderId: "单号", status: "状态", paidAt: "付款时间", lineAmount: "金额", merchantSku: "商品编码", referralCode: "推荐人" },
          statuses: { 已完成: "completed", 待发货: "paid" },
        },
      }),
    );
    const imp = await importFile(b, "erp.csv", bytes);
    expect(imp.layout).toBe("mapping");
    expect(imp.created).toBe(2);
    const rows = await withTenant(t.db, b.tenantId, (tx) =>
      tx.select({ id: orders.externalId, fen: orders.amountFen, code: distributors.code }).from(orders).leftJoin(distributors, eq(distributors.id, orders.distributorId)).orderBy(orders.externalId),
    );
    expect(rows).toEqual([
      { id: "M-1001", fen: 10_000, code: "XYZ789" },
      { id: "M-1002", fen: 5_850, code: null },
    ]);
  });

  it("a mapping that leaves out a required field is refused", async () => {
    const b = await brand();
    const err = await appErrorOf(
      withTenant(t.db, b.tenantId, (tx) =>
        saveMapping(tx, b.tenantId, { name: "x", headers: ["单号", "金额"], mapping: { channel: "other", columns: { orderId: "单号", lineAmount: "金额" } } }),
      ),
    );
    expect(err.code).toBe("UNPROCESSABLE");
  });
});

describe("resume", () => {
  // A CSV, an XLSX (another row reader) and the legacy Taobao pair (two files in a ZIP, read
  // together): each stopped after its first chunk resumes where it stopped.
  for (const name of ["jd-orders.utf8-bom.csv", "tmall-orders-2025.xlsx", "taobao-legacy-pair.zip"]) {
    it(`${name}: stopped after its first chunk, it resumes on the sweep and ends as one run would`, async () => {
      const [b, other] = [await brand(), await brand()];
      const whole = await importFile(other, name, undefined, { chunkSize: 2 });
      const started = await startImport(t.db, { ...b, fileName: name, bytes: fixture(name), chunkSize: 2 });
      if (!started.ok) throw new Error("refused");
      const stop = new AbortController();
      expect(await runImport(t.db, b.tenantId, started.importId, { signal: stop.signal, afterChunk: () => stop.abort() })).toBe("stopped");
      const mid = await withTenant(t.db, b.tenantId, (tx) => tx.select().from(orderImports).where(eq(orderImports.id, started.importId)));
      expect(mid[0]!.status).toBe("running");
      expect(mid[0]!.chunksDone).toBe(1);
      // Polled every second while it runs: no attribution count until it stops.
      expect((await withTenant(t.db, b.tenantId, (tx) => importDetail(tx, started.importId))).attribution).toBeNull();
      // Its lease still holds: the sweep leaves it; once it has run out, the sweep takes it over.
      expect(await resumeStaleImports(t.db)).toBe(0);
      expect(await resumeStaleImports(t.db, new Date(Date.now() + 3 * 60_000))).toBeGreaterThanOrEqual(1);
      const done = await withTenant(t.db, b.tenantId, (tx) => getImport(tx, started.importId));
      expect(done.status).toBe("done");
      expect(whole.created).toBeGreaterThan(2);
      expect({ created: done.created, updated: done.updated, unchanged: done.unchanged, failed: done.failed }).toEqual({
        created: whole.created,
        updated: whole.updated,
        unchanged: whole.unchanged,
        failed: whole.failed,
      });
      // The same orders, to the fen, as the run that was never stopped.
      const amounts = (tenantId: string) =>
        withTenant(t.db, tenantId, async (tx) =>
          (await tx.select({ externalId: orders.externalId, amountFen: orders.amountFen, status: orders.status }).from(orders)).sort((x, y) =>
            x.externalId < y.externalId ? -1 : 1,
          ),
        );
      expect(await amounts(b.tenantId)).toEqual(await amounts(other.tenantId));
    });
  }
});

describe("cross-brand isolation", () => {
  it("another brand sees none of the imports, issues or mappings, and cannot run them", async () => {
    const a = await brand();
    const other = await brand();
    const imp = await importFile(a, "pdd-refunds.gbk.csv");
    await withTenant(t.db, a.tenantId, (tx) =>
      saveMapping(tx, a.tenantId, { name: "A's", headers: ["单号", "状态", "付款时间", "金额", "编码"], mapping: { channel: "other", columns: { orderId: "单号", status: "状态", paidAt: "付款时间", lineAmount: "金额", merchantSku: "编码" } } }),
    );
    await withTenant(t.db, other.tenantId, async (tx) => {
      expect((await appErrorOf(getImport(tx, imp.id))).code).toBe("NOT_FOUND");
      expect((await appErrorOf(issuesPage(tx, { importId: imp.id }, { limit: 10, offset: 0 }, "en"))).code).toBe("NOT_FOUND");
      expect((await listImports(tx, { limit: 10, offset: 0 })).total).toBe(0);
      expect(await listMappings(tx)).toEqual([]);
      expect((await tx.select({ n: count() }).from(orderImportIssues).where(and(eq(orderImportIssues.importId, imp.id))))[0]!.n).toBe(0);
    });
    expect(await runImport(t.db, other.tenantId, imp.id)).toBe("skipped");
  });
});
