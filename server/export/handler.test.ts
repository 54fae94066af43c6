/**
 * The CSV export route's handler: a UTF-8 BOM, the reader's column names, one line per row
 * under the list's own filters, a file named for the brand and day; refused without a session,
 * a brand, membership or the list's permission; read from the database chunk by chunk as the
 * client reads, each chunk re-checking the membership.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession } from "@/server/auth/staff-auth";
import { bindBuyer } from "@/server/network/binding";
import { adminCreateDistributor } from "@/server/network/distributors";
import { findByCode } from "@/server/network/find";
import { ADMIN, buyer } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { exportCsv, type ExportRequest } from "./handler";
import { EXPORT_LISTS, type ExportSource } from "./lists";

let t: Database;
let brand: Awaited<ReturnType<typeof createBrandFixture>>;
let ownerSession: string;
let distributorCode: string;
const prefix = `EX${Date.now()}`;

beforeAll(async () => {
  t = await createTestDatabase();
  brand = await createBrandFixture(t, "导出品牌 Export");
  await withTenant(t.db, brand.tenantId, (tx) =>
    updateProgramSettings(tx, ADMIN, { commissionLevels: 1, afterSalesDays: 7, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" }),
  );
  await addRule(t, brand.tenantId, FLAT_RULE);
  const d = await withTenant(t.db, brand.tenantId, (tx) => adminCreateDistributor(tx, ADMIN, { name: "张三", phone: "13800138000" }));
  distributorCode = d.code;
  await ingest(
    t,
    brand.tenantId,
    [1, 2, 3, 4, 5].map((i) =>
      orderInput({
        externalId: `${prefix}-${i}`,
        paidAt: `2025-03-0${i}T10:00:00+08:00`,
        referralCode: d.code,
        items: [{ sku: `SKU,${i}`, quantity: 1, amountFen: i * 10_000 }],
      }),
    ),
  );
  await sendEvent(t, brand.tenantId, { channel: "tmall", externalId: `${prefix}-5` }, { type: "cancelled", at: "2025-03-05T11:00:00+08:00" });
  ownerSession = await createStaffSession(t.db, brand.ownerUserId);
});
afterAll(async () => t.close());

const request = (overrides: Partial<ExportRequest> = {}) =>
  exportCsv({
    database: t,
    staffSessionId: ownerSession,
    list: "orders",
    query: new URLSearchParams({ externalId: prefix }),
    locale: "zh-CN",
    now: new Date("2025-03-31T20:00:00Z"),
    ...overrides,
  });

/** The body as the pieces the stream delivered, decoded. */
async function pieces(res: Response) {
  const reader = res.body!.getReader();
  const out: string[] = [];
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(decoder.decode(value));
  }
}

const lines = (body: string) => body.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);

describe("CSV export", () => {
  it("streams the filtered orders with a BOM, the reader's headers and a line per order", async () => {
    const res = await request({ chunkRows: 2 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    // Named for the brand and the brand's day (21 March 04:00 in Shanghai is already 1 April).
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${brand.slug}-orders-20250401.csv"; filename*=UTF-8''${encodeURIComponent("导出品牌 Export-订单-20250401.csv")}`,
    );
    const body = await pieces(res);
    // One piece per database chunk of two rows: the header rides with the first.
    expect(body).toHaveLength(3);
    const all = body.join("");
    expect(all.startsWith("\uFEFF")).toBe(true);
    const rows = lines(all);
    expect(rows[0]).toBe("渠道,订单号,付款时间,买家,实付金额（元）,已退款（元）,状态,归属分销商,分销商编码,归属方式,风控,佣金合计（元）");
    expect(rows.slice(1).map((r) => r.split(",")[1])).toEqual([5, 4, 3, 2, 1].map((i) => `${prefix}-${i}`));
    expect(rows[5]).toMatch(new RegExp(`^天猫,${prefix}-1,2025-03-01 10:00:00,[^,]*\\*[^,]*,100\\.00,0\\.00,已付款,张三,${distributorCode},推广码,通过,10\\.00$`));
    expect(rows[1]).toContain(",已取消,");
  });

  it("writes English headers and labels for an English reader, and honours every filter and the sort", async () => {
    const res = await request({ locale: "en", query: new URLSearchParams({ externalId: prefix, status: "paid", sort: "amount", dir: "asc", paidTo: "2025-03-02" }) });
    const rows = lines((await pieces(res)).join(""));
    expect(rows[0]).toBe(
      "Channel,Order number,Paid at,Buyer,Amount paid (CNY),Refunded (CNY),Status,Distributor,Distributor code,Attribution,Risk,Commission (CNY)",
    );
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 2).join())).toEqual([`Tmall,${prefix}-1`, `Tmall,${prefix}-2`]);
    expect(rows[1]).toContain(",Paid,张三,");
  });

  it("exports commissions with their trace, quoting fields that hold commas", async () => {
    const res = await request({ list: "commissions", query: new URLSearchParams({ distributor: distributorCode, sort: "amount", dir: "desc" }) });
    expect(res.status).toBe(200);
    const rows = lines((await pieces(res)).join(""));
    expect(rows[0]).toBe("层级,分销商,分销商编码,渠道,订单,SKU,佣金（元）,状态,规则,规则版本,产生时间,结算时间,计算过程");
    expect(rows).toHaveLength(6);
    expect(rows[1]).toMatch(
      new RegExp(`^1,张三,${distributorCode},天猫,${prefix}-4,"SKU,4",40\\.00,待结算,flat,1,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,,¥40\\.00 = ¥400\\.00 × 10%，规则「flat」v1，第 1 级$`),
    );
    expect(rows.at(-1)).toContain(",0.00,已取消,");
  });

  it("refuses bad filters and unknown lists", async () => {
    expect((await request({ query: new URLSearchParams({ status: "lost" }) })).status).toBe(400);
    expect((await request({ query: new URLSearchParams({ paidFrom: "2025-03-05", paidTo: "2025-03-01" }) })).status).toBe(400);
    const unknown = await request({ list: "toString" });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("没有这个可导出的列表");
  });

  it("refuses without a session, a brand, membership or the list's permission", async () => {
    expect((await request({ staffSessionId: null })).status).toBe(401);
    expect((await request({ staffSessionId: "not-a-session" })).status).toBe(401);

    // A member who is removed keeps a session whose active brand is this one: refused.
    const op = await staffInRole(t, brand, "operator");
    const opSession = await createStaffSession(t.db, op.userId);
    expect((await request({ staffSessionId: opSession })).status).toBe(200);
    const owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
    const staff = await owner.staff.list();
    await owner.staff.remove({ membershipId: staff.members.find((m) => m.userId === op.userId)!.membershipId });
    const removed = await request({ staffSessionId: opSession, locale: "en" });
    expect(removed.status).toBe(403);
    expect(await removed.text()).toContain("no longer on this brand");
    // Signing in again gives a session with no brand at all.
    expect((await request({ staffSessionId: await createStaffSession(t.db, op.userId) })).status).toBe(403);

    // A list that needs a permission the role lacks.
    const risk = await staffInRole(t, brand, "risk");
    const riskSession = await createStaffSession(t.db, risk.userId);
    const lists = { guarded: { ...EXPORT_LISTS.orders!, permission: "withdrawals.review" } satisfies ExportSource };
    expect((await request({ staffSessionId: riskSession, list: "guarded", lists })).status).toBe(403);
    expect((await request({ staffSessionId: ownerSession, list: "guarded", lists })).status).toBe(200);
  });

  it("another brand's staff export their own brand's rows, never this brand's", async () => {
    const other = await createBrandFixture(t, "Other");
    const session = await createStaffSession(t.db, other.ownerUserId);
    const res = await request({ staffSessionId: session, query: new URLSearchParams() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`filename="${other.slug}-orders-`);
    expect(lines((await pieces(res)).join(""))).toHaveLength(1);
  });

  it("reads a chunk from the database only when the client asks for it, re-checking membership each time", async () => {
    let reads = 0;
    const counted: ExportSource = {
      ...EXPORT_LISTS.orders!,
      prepare: (query, tr, locale) => {
        const prepared = EXPORT_LISTS.orders!.prepare(query, tr, locale);
        if (!prepared.ok) return prepared;
        const { chunk } = prepared.run;
        return { ok: true, run: { ...prepared.run, chunk: (tx, cursor, limit) => ((reads += 1), chunk(tx, cursor, limit)) } };
      },
    };
    const op = await staffInRole(t, brand, "finance");
    const session = await createStaffSession(t.db, op.userId);
    const res = await request({ staffSessionId: session, list: "counted", lists: { counted }, chunkRows: 2 });
    expect(reads).toBe(1);
    const reader = res.body!.getReader();
    await reader.read();
    expect(reads).toBe(1);
    await reader.read();
    expect(reads).toBe(2);
    // Removed from the team mid-download: the next chunk is refused and the download fails.
    const owner = (await staffCaller(t, brand.ownerUserId, brand.tenantId)).caller;
    const staff = await owner.staff.list();
    await owner.staff.remove({ membershipId: staff.members.find((m) => m.userId === op.userId)!.membershipId });
    await expect(reader.read()).rejects.toThrow();
    expect(reads).toBe(2);
  });
});

describe("distributor and binding exports, CSV and XLSX", () => {
  it("exports the distributor list as CSV with the reader's headers, under the list's filters", async () => {
    const res = await request({ list: "distributors", query: new URLSearchParams({ q: distributorCode }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`filename="${brand.slug}-distributors-20250401.csv"`);
    const rows = lines((await pieces(res)).join(""));
    expect(rows[0]).toBe("分销商编码,分销商,手机号,状态,角色,等级,地区,上级编码,申请时间,通过时间,客户数,订单数,销售额（元）");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(new RegExp(`^${distributorCode},张三,138\\*{4}8000,正常,分销员,`));
  });

  it("exports bindings and refuses a bad date range", async () => {
    const buyerId = await withTenant(t.db, brand.tenantId, (tx) => buyer(tx));
    const d = await withTenant(t.db, brand.tenantId, (tx) => findByCode(tx, distributorCode));
    await withTenant(t.db, brand.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: buyerId, distributorId: d!.id, source: "qr" }));
    const res = await request({ list: "bindings", locale: "en", query: new URLSearchParams({ distributor: distributorCode, source: "qr" }) });
    const rows = lines((await pieces(res)).join(""));
    expect(rows[0]).toBe("Buyer,Distributor,Distributor code,Bound via,Bound at,Protected until,Ended at");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`,张三,${distributorCode},QR code,`);
    expect((await request({ list: "bindings", query: new URLSearchParams({ boundFrom: "2025-03-05", boundTo: "2025-03-01" }) })).status).toBe(400);
  });

  it("writes an XLSX that exceljs reads back, numbers as numbers, across chunks", async () => {
    const res = await request({ query: new URLSearchParams({ externalId: prefix, format: "xlsx" }), chunkRows: 2 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toContain(`filename="${brand.slug}-orders-20250401.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(1).getCell(2).value).toBe("订单号");
    expect(sheet.getRow(2).getCell(2).value).toBe(`${prefix}-5`);
    expect(sheet.getRow(6).getCell(2).value).toBe(`${prefix}-1`);
  });

  it("refuses an unknown format", async () => {
    expect((await request({ query: new URLSearchParams({ format: "pdf" }) })).status).toBe(400);
  });

  it("another brand's distributor export holds none of this brand's distributors", async () => {
    const other = await createBrandFixture(t, "Other distributors");
    const session = await createStaffSession(t.db, other.ownerUserId);
    const res = await request({ staffSessionId: session, list: "distributors", query: new URLSearchParams() });
    expect(lines((await pieces(res)).join(""))).toHaveLength(1);
  });
});
