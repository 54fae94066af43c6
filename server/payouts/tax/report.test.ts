/**
 * The monthly tax report and the annual statement: per-distributor aggregation of the month's
 * tax records, masked ID numbers only, notes for not withheld, keyset chunks that read every
 * distributor once, CSV / XLSX export through the shared registry, the tRPC procedures, and
 * brand isolation of each.
 */
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { exportCsv } from "@/server/export/handler";
import { chain } from "@/server/network/test-helpers";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { staffInRole } from "@/server/testing/staff-roles";
import { encryptPii } from "../crypto/pii";
import { recordExternalPayout } from "../external/record";
import { fundAvailable } from "../external/testing";
import type { Cursor } from "@/server/orders/console-query";
import { annualStatement, taxReportChunk, taxReportSummary } from "./report";

let t: Database;
let A: Awaited<ReturnType<typeof createBrandFixture>>;
let B: Awaited<ReturnType<typeof createBrandFixture>>;
let dists: { id: string; code: string; name: string; memberId: string }[];
let bDist: { id: string; code: string; memberId: string };
const STAFF = { type: "staff" as const, id: null };
const NOW = new Date("2027-03-10T02:00:00Z");

async function pay(tenantId: string, distributorId: string, reference: string, amountFen: number, paidAt: string, taxWithheld: "by_brand" | "by_platform" = "by_brand") {
  return withTenant(t.db, tenantId, (tx) => recordExternalPayout(tx, STAFF, { distributorId }, { amountFen, reference, paidAt: new Date(paidAt), taxWithheld }, NOW));
}

beforeAll(async () => {
  t = await createTestDatabase();
  A = await createBrandFixture(t, "税务品牌 A");
  B = await createBrandFixture(t, "税务品牌 B");
  dists = await chain(t.db, A.tenantId, ["甲", "乙", "丙", "丁"]);
  for (const d of dists) await fundAvailable(t.db, A.tenantId, d.id, 10_000_000);
  // 甲 has verified details: the report shows the real name and the stored mask only.
  await withTenant(t.db, A.tenantId, (tx) =>
    tx.execute(sql`insert into distributor_identities (tenant_id, id, distributor_id, real_name, id_number_enc, id_number_hash, id_number_masked)
      values (${A.tenantId}, ${uuidv7()}, ${dists[0]!.id}, '张甲', 'k1:Y2lwaGVy', 'hash', '110105********002X')`),
  );
  // 丙's identity was saved without a stored mask: the report decrypts and masks it (maskIdNumber).
  await withTenant(t.db, A.tenantId, (tx) =>
    tx.execute(sql`insert into distributor_identities (tenant_id, id, distributor_id, id_number_enc, id_number_hash)
      values (${A.tenantId}, ${uuidv7()}, ${dists[2]!.id}, ${encryptPii("440524188001010014")}, 'hash-c')`),
  );
  await pay(A.tenantId, dists[0]!.id, "A-1", 150_000, "2027-02-03T10:00:00+08:00");
  await pay(A.tenantId, dists[0]!.id, "A-2", 150_000, "2027-02-20T10:00:00+08:00");
  await pay(A.tenantId, dists[0]!.id, "A-3", 150_000, "2027-02-28T23:59:00+08:00");
  await pay(A.tenantId, dists[1]!.id, "B-1", 300_000, "2027-02-10T10:00:00+08:00", "by_platform");
  await pay(A.tenantId, dists[2]!.id, "C-1", 1_000_000, "2027-02-11T10:00:00+08:00");
  // March (Shanghai), though still 28 February in UTC: not in February's report.
  await pay(A.tenantId, dists[3]!.id, "D-1", 300_000, "2027-03-01T00:30:00+08:00");
  await pay(A.tenantId, dists[0]!.id, "A-4", 300_000, "2027-01-15T10:00:00+08:00");
  bDist = (await chain(t.db, B.tenantId, ["乙品牌"]))[0]!;
  await fundAvailable(t.db, B.tenantId, bDist.id, 1_000_000);
  await pay(B.tenantId, bDist.id, "B-BRAND-1", 500_000, "2027-02-10T10:00:00+08:00");
});
afterAll(async () => t.close());

describe("monthly tax report", () => {
  it("one row per distributor with the month's income and tax; masked ID; why not withheld", async () => {
    const { rows, next } = await withTenant(t.db, A.tenantId, (tx) => taxReportChunk(tx, { month: "2027-02" }, null, 100));
    expect(next).toBeNull();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(rows).toHaveLength(3);
    expect(byCode.get(dists[0]!.code)).toMatchObject({ name: "张甲", idNumberMasked: "110105********002X", incomeFen: 450_000, taxFen: 72_000, methods: ["labour"], notes: [], payouts: 3 });
    expect(byCode.get(dists[1]!.code)).toMatchObject({ name: "乙", idNumberMasked: null, incomeFen: 300_000, taxFen: 0, methods: ["not_withheld"], notes: ["withheld_by_platform"] });
    expect(byCode.get(dists[2]!.code)).toMatchObject({ incomeFen: 1_000_000, taxFen: 160_000, idNumberMasked: "440524********0014" });
    const summary = await withTenant(t.db, A.tenantId, (tx) => taxReportSummary(tx, "2027-02"));
    expect(summary).toMatchObject({ distributors: 3, payouts: 5, incomeFen: 1_750_000, taxFen: 232_000 });
    expect(summary.byMethod).toEqual([
      { method: "labour", distributors: 2, incomeFen: 1_450_000, taxFen: 232_000 },
      { method: "not_withheld", distributors: 1, incomeFen: 300_000, taxFen: 0 },
    ]);
  });

  it("keyset chunks read every distributor exactly once", async () => {
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    do {
      const page: Awaited<ReturnType<typeof taxReportChunk>> = await withTenant(t.db, A.tenantId, (tx) => taxReportChunk(tx, { month: "2027-02" }, cursor, 1));
      seen.push(...page.rows.map((r) => r.code));
      cursor = page.next;
    } while (cursor);
    expect(seen.sort()).toEqual([dists[0]!.code, dists[1]!.code, dists[2]!.code].sort());
  });

  it("exports CSV and XLSX through the shared registry, with translated method and note", async () => {
    const session = (await staffCaller(t, A.ownerUserId, A.tenantId)).sessionId;
    const csv = await exportCsv({ database: t, staffSessionId: session, list: "tax-report", query: new URLSearchParams({ month: "2027-02" }), locale: "zh-CN", chunkRows: 2 });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("月份,推广码,姓名,身份证号（脱敏）,收入（元）,代扣税额（元）,计税方式,备注,发放笔数");
    expect(lines).toHaveLength(4);
    expect(text).toContain(`2027-02,${dists[0]!.code},张甲,110105********002X,4500.00,720.00,劳务报酬（按月）,,3`);
    expect(text).toContain("外部发放，平台已代扣");
    expect(text).not.toContain(bDist.code);
    expect(text).not.toContain("440524188001010014");
    const xlsx = await exportCsv({ database: t, staffSessionId: session, list: "tax-report", query: new URLSearchParams({ month: "2027-02", format: "xlsx" }), locale: "en" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(3).value).toBe("Name");
    const bad = await exportCsv({ database: t, staffSessionId: session, list: "tax-report", query: new URLSearchParams({ month: "2027-13" }), locale: "en" });
    expect(bad.status).toBe(400);
    // Without a session nothing is exported.
    const anon = await exportCsv({ database: t, staffSessionId: null, list: "tax-report", query: new URLSearchParams({ month: "2027-02" }), locale: "en" });
    expect(anon.status).toBe(401);
  });

  it("tRPC: the report for the active brand only; recording for another brand's distributor is NOT_FOUND", async () => {
    const { caller } = await staffCaller(t, A.ownerUserId, A.tenantId);
    const r = await caller.tax.report({ month: "2027-02", limit: 2 });
    expect(r.summary.distributors).toBe(3);
    expect(r.rows).toHaveLength(2);
    const rest = await caller.tax.report({ month: "2027-02", after: r.next, limit: 2 });
    expect(rest.rows).toHaveLength(1);
    expect(rest.next).toBeNull();
    const { caller: callerB } = await staffCaller(t, B.ownerUserId, B.tenantId);
    const rb = await callerB.tax.report({ month: "2027-02" });
    expect(rb.rows.map((x) => x.code)).toEqual([bDist.code]);
    expect(await outcomeOf(caller.externalPayouts.record({ distributorId: bDist.id, amountFen: 100, reference: "X-BRAND", paidAt: new Date("2026-11-01T00:00:00Z"), taxWithheld: "by_brand" }))).toBe("NOT_FOUND");
    expect(await outcomeOf(caller.externalPayouts.list({ distributorId: bDist.id }))).toBe("NOT_FOUND");
    const mine = await caller.externalPayouts.list({ distributorId: dists[0]!.id });
    expect(mine.map((p) => p.reference)).toEqual(["A-3", "A-2", "A-1", "A-4"]);
    // Through the console (real clock: paidAt must not be in the future).
    const recorded = await caller.externalPayouts.record({ distributorId: dists[3]!.id, amountFen: 300_000, reference: "D-2", paidAt: new Date("2026-11-02T02:00:00Z"), taxWithheld: "by_brand" });
    expect(recorded).toMatchObject({ replayed: false, payout: { taxFen: 44_000, netFen: 256_000, taxMonth: "2026-11", distributorCode: dists[3]!.code } });
    const future = await caller.externalPayouts.record({ distributorId: dists[3]!.id, amountFen: 100, reference: "D-3", paidAt: new Date(Date.now() + 3_600_000), taxWithheld: "by_brand" }).catch((e: unknown) => e);
    expect(future).toMatchObject({ code: "BAD_REQUEST" });
    const bRows = rowsOf<{ n: number }>(await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select count(*)::int as n from withdrawals`)));
    expect(bRows).toEqual([{ n: 1 }]);
  });
});

describe("who may see it", () => {
  it("finance may read and record; an operator (no withdrawals.review) is refused the report, its export and recording", async () => {
    const finance = await staffInRole(t, A, "finance");
    expect((await finance.caller.tax.report({ month: "2027-02" })).summary.distributors).toBe(3);
    const operator = await staffInRole(t, A, "operator");
    expect(await outcomeOf(operator.caller.tax.report({ month: "2027-02" }))).toBe("FORBIDDEN");
    expect(
      await outcomeOf(
        operator.caller.externalPayouts.record({ distributorId: dists[3]!.id, amountFen: 100, reference: "OP-1", paidAt: new Date("2026-11-01T00:00:00Z"), taxWithheld: "by_brand" }),
      ),
    ).toBe("FORBIDDEN");
    const res = await exportCsv({ database: t, staffSessionId: operator.sessionId, list: "tax-report", query: new URLSearchParams({ month: "2027-02" }), locale: "en" });
    expect(res.status).toBe(403);
  });
});

describe("annual statement (portal)", () => {
  it("income and tax by month for the signed-in distributor's year, and nobody else's", async () => {
    const s = await withTenant(t.db, A.tenantId, (tx) => annualStatement(tx, dists[0]!.id, 2027));
    expect(s.months.map((m) => [m.month, m.incomeFen, m.taxFen, m.netFen, m.payouts])).toEqual([
      ["2027-01", 300_000, 44_000, 256_000, 1],
      ["2027-02", 450_000, 72_000, 378_000, 3],
    ]);
    expect([s.incomeFen, s.taxFen, s.years]).toEqual([750_000, 116_000, [2027]]);
    const slug = A.slug;
    const session = await createPortalSession(t.db, A.tenantId, dists[0]!.memberId);
    const portal = createCaller(await createTrpcContext({ database: t, portalCookie: session.cookieValue, ip: "198.51.100.80" }));
    const viaTrpc = await portal.portalTax.annual({ slug, year: 2027 });
    expect(viaTrpc.taxFen).toBe(116_000);
    expect((await portal.portalTax.annual({ slug, year: 2026 })).months).toEqual([]);
    // Brand A's session on brand B's portal is not signed in there.
    expect(await outcomeOf(portal.portalTax.annual({ slug: B.slug, year: 2027 }))).toBe("UNAUTHORIZED");
    // Brand B's distributor sees only brand B's payouts.
    const bSession = await createPortalSession(t.db, B.tenantId, bDist.memberId);
    const bPortal = createCaller(await createTrpcContext({ database: t, portalCookie: bSession.cookieValue, ip: "198.51.100.81" }));
    expect((await bPortal.portalTax.annual({ slug: B.slug, year: 2027 })).incomeFen).toBe(500_000);
  });
});
