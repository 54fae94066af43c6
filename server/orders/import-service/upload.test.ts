/**
 * The upload route's handler, the imports router and the error report, as the console uses
 * them: a file posted by a staff member with settlement.manage is imported in the background;
 * cross-site posts, no session, a role without the permission, a body over the cap and a file
 * nobody recognises are refused with nothing written; the error report downloads as a UTF-8 CSV
 * with a BOM; a stopped import resumes; another brand's mapping cannot be used.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { orderImports, orderLines, orders } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { exportCsv } from "@/server/export/handler";
import { addRule, FLAT_RULE } from "@/server/orders/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { staffInRole } from "@/server/testing/staff-roles";
import { startImport } from "./start";
import { handleImportUpload } from "./upload";

const APP = "http://localhost:3000";
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(import.meta.dirname, "../import/fixtures", name)));

let t: Database;
let brand: Awaited<ReturnType<typeof createBrandFixture>>;
let owner: Awaited<ReturnType<typeof staffCaller>>;
beforeAll(async () => {
  t = await createTestDatabase();
  brand = await createBrandFixture(t, "导入品牌 Import");
  await addRule(t, brand.tenantId, FLAT_RULE);
  owner = await staffCaller(t, brand.ownerUserId, brand.tenantId);
});
afterAll(async () => t.close());

function post(bytes: Uint8Array, query = "name=orders.csv", headers: Record<string, string> = {}) {
  return new Request(`${APP}/api/imports/upload?${query}`, {
    method: "POST",
    headers: { origin: APP, "content-type": "application/octet-stream", ...headers },
    body: bytes as BodyInit,
  });
}

/** Runs the handler and waits for its background import, so assertions see the end state. */
async function upload(req: Request, staffSessionId: string | null, limits?: { maxBytes: number; deadlineMs: number }) {
  const runs: Promise<unknown>[] = [];
  const res = await handleImportUpload(req, { db: t.db, staffSessionId, appUrl: APP, limits, background: (run) => runs.push(run()) });
  await Promise.all(runs);
  return res;
}

const importCount = () => withTenant(t.db, brand.tenantId, async (tx) => (await tx.select({ n: count() }).from(orderImports))[0]!.n);

describe("POST /api/imports/upload", () => {
  it("imports the file in the background and answers 202 with the import id", async () => {
    const res = await upload(post(fixture("jd-orders.utf8-bom.csv"), "name=京东订单.csv"), owner.sessionId);
    expect(res.status).toBe(202);
    const { id, layout } = (await res.json()) as { id: string; layout: string };
    expect(layout).toBe("jd-orders");
    const imp = await owner.caller.imports.get({ id });
    expect(imp).toMatchObject({ status: "done", fileName: "京东订单.csv", channel: "jd" });
    expect(imp.created).toBeGreaterThan(0);
    const n = await withTenant(t.db, brand.tenantId, async (tx) => (await tx.select({ n: count() }).from(orders).where(eq(orders.importId, id)))[0]!.n);
    expect(n).toBe(imp.created);
  });

  it("takes a Taobao-format file as Tmall when asked", async () => {
    const res = await upload(post(fixture("taobao-orders-legacy.gbk.csv"), "name=t.csv&channel=tmall"), owner.sessionId);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await owner.caller.imports.get({ id })).channel).toBe("tmall");
  });

  it("refuses, with nothing written: cross-site, no session, a role without settlement.manage, too large, unrecognised", async () => {
    const before = await importCount();
    const bytes = fixture("pdd-orders.gbk.csv");
    expect((await upload(post(bytes, "name=a.csv", { origin: "https://evil.example" }), owner.sessionId)).status).toBe(403);
    expect((await upload(post(bytes), null)).status).toBe(401);
    const operator = await staffInRole(t, brand, "operator");
    expect((await upload(post(bytes), operator.sessionId)).status).toBe(403);
    const tooBig = await upload(post(bytes), owner.sessionId, { maxBytes: 100, deadlineMs: 5000 });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get("content-type")).toBe("application/problem+json");
    expect((await upload(post(bytes, "name="), owner.sessionId)).status).toBe(400);
    const unknown = await upload(post(new TextEncoder().encode("单号,金额\nA,1\n"), "name=x.csv"), owner.sessionId);
    expect(unknown.status).toBe(422);
    const body = (await unknown.json()) as { headers: string[]; title: string };
    expect(body.headers).toEqual(["单号", "金额"]);
    expect(body.title).toMatch(/column mapping/);
    // In the reader's language when the console says which.
    const zh = await upload(post(new TextEncoder().encode("单号,金额\nA,1\n"), "name=x.csv&locale=zh-CN"), owner.sessionId);
    expect(((await zh.json()) as { title: string }).title).toMatch(/列映射/);
    expect(await importCount()).toBe(before);
  });

  it("?manual=1 answers a file it recognises with its headers, for a mapping by hand, and imports nothing", async () => {
    const before = await importCount();
    const res = await upload(post(fixture("pdd-orders.gbk.csv"), "name=p.csv&manual=1&locale=zh-CN"), owner.sessionId);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { headers: string[]; title: string; issue: { key: string } };
    expect(body.issue.key).toBe("header.manual");
    expect(body.title).toMatch(/手动映射/);
    expect(body.headers).toContain("商家实收金额(元)");
    expect(await importCount()).toBe(before);
  });

  it("finance (settlement.manage) may import; another brand's mapping id is not found", async () => {
    const finance = await staffInRole(t, brand, "finance");
    expect((await upload(post(fixture("douyin-orders.csv")), finance.sessionId)).status).toBe(202);
    const other = await createBrandFixture(t, "Other");
    const otherOwner = await staffCaller(t, other.ownerUserId, other.tenantId);
    const m = await otherOwner.caller.imports.saveMapping({
      name: "theirs",
      headers: ["单号", "状态", "付款时间", "金额", "编码"],
      mapping: { channel: "other", columns: { orderId: "单号", status: "状态", paidAt: "付款时间", lineAmount: "金额", merchantSku: "编码" } },
    });
    expect((await upload(post(fixture("douyin-orders.csv"), `name=d.csv&mappingId=${m.id}`), owner.sessionId)).status).toBe(404);
  });
});

describe("the legacy Taobao pair (宝贝报表 + 订单报表 in one ZIP)", () => {
  /** The brand's orders of an import, with their lines in line order. */
  const ordersOf = (importId: string) =>
    withTenant(t.db, brand.tenantId, async (tx) => {
      const list = await tx.select().from(orders).where(eq(orders.importId, importId)).orderBy(orders.externalId);
      const lines = await tx.select().from(orderLines).orderBy(orderLines.lineNo);
      return list.map((o) => ({
        externalId: o.externalId,
        status: o.status,
        amountFen: o.amountFen,
        paidAt: o.paidAt.toISOString(),
        completedAt: o.completedAt?.toISOString() ?? null,
        lines: lines.filter((l) => l.orderId === o.id).map((l) => [l.sku, l.quantity, l.amountFen]),
      }));
    });

  it("imports the 宝贝报表's lines with the 订单报表's status, times and amount paid; again, it changes nothing", async () => {
    const zip = fixture("taobao-legacy-pair.zip");
    const res = await upload(post(zip, "name=淘宝报表.zip"), owner.sessionId);
    expect(res.status).toBe(202);
    const { id, layout } = (await res.json()) as { id: string; layout: string };
    expect(layout).toBe("taobao-items-legacy");
    const imp = await owner.caller.imports.get({ id });
    // Three orders; the 宝贝报表 row of an order not in the 订单报表 and the paid 订单报表 order
    // with no 宝贝报表 row failed.
    expect(imp).toMatchObject({ status: "done", channel: "taobao", created: 3, failed: 2 });
    // By hand (fixtures/samples/taobao.ts): 210.00 − 10.00 postage over three lines of 100.00
    // list value each; 100.00 − 8.00 by 119.70 : 12.50, the odd fen to the larger remainder.
    expect(await ordersOf(id)).toEqual([
      {
        externalId: "4071111111111111111",
        status: "completed",
        amountFen: 20000,
        paidAt: "2025-11-10T16:03:12.000Z",
        completedAt: "2025-11-16T02:20:00.000Z",
        lines: [["SCF-GRY", 1, 6667], ["GLV-GRY", 2, 6667], ["HAT-GRY", 1, 6666]],
      },
      { externalId: "4072222222222222222", status: "paid", amountFen: 39900, paidAt: "2025-11-11T01:15:00.000Z", completedAt: null, lines: [["PJ-001", 1, 39900]] },
      { externalId: "4073333333333333333", status: "paid", amountFen: 9200, paidAt: "2025-11-12T12:30:00.000Z", completedAt: null, lines: [["SOCK-5", 3, 8330], ["CUP-01", 1, 870]] },
    ]);
    const errors = await owner.caller.imports.issues({ importId: id, locale: "zh-CN", severity: "error" });
    expect(errors.items.map((i) => [i.row, i.key])).toEqual(
      expect.arrayContaining([
        [9, "order.notInOrderReport"],
        [0, "order.noItemRows"],
      ]),
    );
    expect(errors.items.find((i) => i.key === "order.notInOrderReport")!.message).toContain("订单报表中没有订单 4079999999999999999");

    const again = await upload(post(zip, "name=淘宝报表.zip"), owner.sessionId);
    const second = await owner.caller.imports.get({ id: ((await again.json()) as { id: string }).id });
    expect(second).toMatchObject({ status: "done", created: 0, updated: 0, unchanged: 3 });
    expect(await ordersOf(id)).toHaveLength(3);
  });

  it("refuses a legacy 宝贝报表 uploaded alone, in the reader's language, with nothing written", async () => {
    const before = await importCount();
    const res = await upload(post(fixture("taobao-items-legacy.gbk.csv"), "name=宝贝报表.csv&locale=zh-CN"), owner.sessionId);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { title: string; issue: { key: string } };
    expect(body.issue.key).toBe("header.needsOrderReport");
    expect(body.title).toMatch(/订单报表.*ZIP/);
    const en = await upload(post(fixture("taobao-items-legacy.gbk.csv"), "name=items.csv&locale=en"), owner.sessionId);
    expect(((await en.json()) as { title: string }).title).toMatch(/order report \(订单报表\).*one ZIP/);
    expect(await importCount()).toBe(before);
  });
});

describe("imports router", () => {
  it("reports issues by row in the reader's language and downloads them as a CSV with a BOM", async () => {
    const res = await upload(post(fixture("pdd-refunds.gbk.csv"), "name=退款.csv"), owner.sessionId);
    const { id } = (await res.json()) as { id: string };
    const issues = await owner.caller.imports.issues({ importId: id, locale: "zh-CN", severity: "error" });
    expect(issues.total).toBeGreaterThan(0);
    expect(issues.items[0]!.row).toBeGreaterThan(1);
    expect(issues.items[0]!.message).toContain("本品牌没有订单");
    const csv = await exportCsv({ database: t, staffSessionId: owner.sessionId, list: "import-issues", query: new URLSearchParams({ importId: id }), locale: "zh-CN" });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("行号,结果,列,说明");
    const all = await owner.caller.imports.issues({ importId: id, locale: "zh-CN" });
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(1 + all.total);
  });

  it("refuses mappings and resume without settlement.manage; lists with orders.read", async () => {
    const risk = await staffInRole(t, brand, "risk");
    const mapping = { name: "m", headers: ["单号", "状态", "付款时间", "金额", "编码"], mapping: { channel: "other" as const, columns: { orderId: "单号", status: "状态", paidAt: "付款时间", lineAmount: "金额", merchantSku: "编码" } } };
    expect(await outcomeOf(risk.caller.imports.saveMapping(mapping))).toBe("FORBIDDEN");
    const { items } = await risk.caller.imports.list({});
    expect(items.length).toBeGreaterThan(0);
    expect(await outcomeOf(risk.caller.imports.resume({ id: items[0]!.id }))).toBe("FORBIDDEN");
    const saved = await owner.caller.imports.saveMapping(mapping);
    expect(await outcomeOf(risk.caller.imports.deleteMapping({ id: saved.id }))).toBe("FORBIDDEN");
    await owner.caller.imports.deleteMapping({ id: saved.id });
    expect(await owner.caller.imports.mappings()).toEqual([]);
  });

  it("resumes a stopped import from where it stopped; a finished one cannot be resumed", async () => {
    const res = await upload(post(fixture("jd-orders.utf8-bom.csv"), "name=again.csv"), owner.sessionId);
    const { id } = (await res.json()) as { id: string };
    expect(await outcomeOf(owner.caller.imports.resume({ id }))).toBe("CONFLICT");
    // An import that stopped on a failed chunk keeps its bytes: Resume runs it to the end.
    const other = await createBrandFixture(t, "Resume");
    const otherOwner = await staffCaller(t, other.ownerUserId, other.tenantId);
    const started = await startImport(t.db, { tenantId: other.tenantId, userId: other.ownerUserId, fileName: "jd.csv", bytes: fixture("jd-orders.utf8-bom.csv") });
    if (!started.ok) throw new Error("refused");
    await withTenant(t.db, other.tenantId, (tx) => tx.update(orderImports).set({ status: "failed", error: "connection lost" }).where(eq(orderImports.id, started.importId)));
    expect((await otherOwner.caller.imports.get({ id: started.importId })).status).toBe("failed");
    await otherOwner.caller.imports.resume({ id: started.importId });
    let after = await otherOwner.caller.imports.get({ id: started.importId });
    for (let i = 0; i < 100 && after.status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await otherOwner.caller.imports.get({ id: started.importId });
    }
    expect(after).toMatchObject({ status: "done", error: null });
    expect(after.created).toBeGreaterThan(0);
  });
});
