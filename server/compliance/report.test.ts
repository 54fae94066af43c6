/**
 * The compliance report's figures against a brand built through the real services: levels and
 * their changes, the deepest tier paid (≤ 3), every commission on a real order line and no
 * expense without an order (and an expense without one is caught), the spend-threshold flag,
 * rule versions, re-parents, binding overrides, risk decisions, payouts and tax — each checked
 * against the ledger or the service's own record. Reproducible: the same period gives the same
 * figures and fingerprint, and a past period's do not move when later things happen. The tRPC
 * procedure and the download route see only the active brand, need compliance.read, and audit
 * every download.
 */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession } from "@/server/auth/staff-auth";
import { loadMessages } from "@/server/i18n/messages";
import { bindBuyer } from "@/server/network/binding";
import { updateEnrolmentSettings } from "@/server/network/enrolment";
import { ADMIN, buyer, chain } from "@/server/network/test-helpers";
import { reparent } from "@/server/network/tree";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { findOrderId } from "@/server/orders/views";
import { createRule, reviseRule, setRuleEnabled } from "@/server/commission/rules";
import { recordExternalPayout } from "@/server/payouts/external/record";
import { fundAvailable } from "@/server/payouts/external/testing";
import { taxMonthOf } from "@/server/payouts/tax/month";
import { settleTenant } from "@/server/settlement/run";
import { decideHold } from "@/server/settlement/holds";
import { shanghaiIso } from "@/server/shared/time";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { complianceCsv } from "./csv";
import type { Translate } from "./document";
import { downloadComplianceReport } from "./download";
import { fingerprintOf } from "./fingerprint";
import { DEFAULT_PDF_FONT } from "./pdf";
import { resolvePeriod, type PeriodInput } from "./period";
import { complianceReport, type ComplianceReport } from "./report";
import { csvCells, pdfText } from "./testing";

let t: Database;
let A: Awaited<ReturnType<typeof createBrandFixture>>;
let B: Awaited<ReturnType<typeof createBrandFixture>>;
let net: { id: string; code: string; memberId: string }[];
let overriddenBuyer = "";
const DAY = 86_400_000;
const now = new Date();
const day = (d: Date) => shanghaiIso(d).slice(0, 10);
/** Yesterday to tomorrow on the brand's clock: every event of this suite happens in it. */
const TODAY: PeriodInput = { from: day(new Date(now.getTime() - DAY)), to: day(new Date(now.getTime() + DAY)) };
const thisMonth = taxMonthOf(now);
const [yy, mm] = thisMonth.split("-").map(Number) as [number, number];
const LAST_MONTH: PeriodInput = { month: mm === 1 ? `${yy - 1}-12` : `${yy}-${String(mm - 1).padStart(2, "0")}` };
let lastMonthBefore: ComplianceReport;
const PROGRAM = { afterSalesDays: 7, bindingMode: "lock" as const, bindingLockDays: 30, selfPurchase: "block" as const };

const report = (tenantId: string, p: PeriodInput) => withTenant(t.db, tenantId, (tx) => complianceReport(tx, resolvePeriod(p)));
const one = async <T>(tenantId: string, q: ReturnType<typeof sql>) => rowsOf<T>(await withTenant(t.db, tenantId, (tx) => tx.execute(q)))[0]!;

async function order(tenantId: string, code: string, extra: Partial<Parameters<typeof orderInput>[0]> = {}) {
  const o = orderInput({ referralCode: code, paidAt: new Date(now.getTime() - 60_000).toISOString(), ...extra });
  await ingest(t, tenantId, [o]);
  return { o, id: (await withTenant(t.db, tenantId, (tx) => findOrderId(tx, o.channel, o.externalId)))! };
}

beforeAll(async () => {
  t = await createTestDatabase();
  A = await createBrandFixture(t, "合规品牌 A");
  B = await createBrandFixture(t, "合规品牌 B");
  // Before anything happens: last month's report, to compare with after everything has.
  lastMonthBefore = await report(A.tenantId, LAST_MONTH);

  await withTenant(t.db, A.tenantId, (tx) => updateProgramSettings(tx, ADMIN, { commissionLevels: 3, ...PROGRAM }));
  await addRule(t, A.tenantId, FLAT_RULE);
  // A→B→C→D: D's customers pay D, C and B (three tiers); A, the fourth, earns nothing.
  net = await chain(t.db, A.tenantId, ["甲", "乙", "丙", "丁"]);
  const d = net[3]!;
  // ¥10,000: D earns ¥1,000, enough for a payout that withholds tax.
  const settled = await order(A.tenantId, d.code, { items: [{ sku: "SKU-1", quantity: 1, amountFen: 1_000_000 }] });
  const released = await order(A.tenantId, d.code);
  const rejected = await order(A.tenantId, d.code);
  await sendEvent(t, A.tenantId, settled.o, { type: "completed", at: new Date(now.getTime() - 30_000).toISOString() });
  // Settled as if the after-sales week had passed (the sweep takes "now" as given).
  await settleTenant(t.db, A.tenantId, { now: new Date(now.getTime() + 8 * DAY) });
  await withTenant(t.db, A.tenantId, async (tx) => {
    await decideHold(tx, A.tenantId, ADMIN, { orderId: released.id, decision: "hold", reason: "设备异常" });
    await decideHold(tx, A.tenantId, ADMIN, { orderId: released.id, decision: "release", reason: "核实无误" });
    await decideHold(tx, A.tenantId, ADMIN, { orderId: rejected.id, decision: "hold", reason: "同一收货地址" });
    await decideHold(tx, A.tenantId, ADMIN, { orderId: rejected.id, decision: "reject", reason: "刷单" });
  });
  await withTenant(t.db, A.tenantId, (tx) =>
    recordExternalPayout(tx, { type: "staff", id: null }, { distributorId: d.id }, { amountFen: 100_000, reference: "PAY-1", paidAt: new Date(now.getTime() - 1000), taxWithheld: "by_brand" }),
  );
  await withTenant(t.db, A.tenantId, (tx) => reparent(tx, ADMIN, { distributorId: d.id, newUplineId: net[1]!.id, reason: "区域调整" }));
  overriddenBuyer = await withTenant(t.db, A.tenantId, (tx) => buyer(tx));
  await withTenant(t.db, A.tenantId, (tx) => bindBuyer(tx, { buyerMemberId: overriddenBuyer, distributorId: net[3]!.id, source: "link" }));
  await withTenant(t.db, A.tenantId, (tx) =>
    bindBuyer(tx, { buyerMemberId: overriddenBuyer, distributorId: net[2]!.id, source: "manual", actor: ADMIN, reason: "客服核实" }),
  );
  await withTenant(t.db, A.tenantId, (tx) =>
    updateEnrolmentSettings(tx, ADMIN, { enrolmentMode: "spend_threshold", enrolmentAutoApprove: true, enrolmentSpendThresholdFen: 9_900, applicationFields: [] }),
  );
  await withTenant(t.db, A.tenantId, (tx) => updateProgramSettings(tx, ADMIN, { commissionLevels: 2, ...PROGRAM }));

  // Brand B: its own order, so a leak into A's figures would show.
  await withTenant(t.db, B.tenantId, (tx) => updateProgramSettings(tx, ADMIN, { commissionLevels: 1, ...PROGRAM }));
  await addRule(t, B.tenantId, FLAT_RULE);
  const [bd] = await chain(t.db, B.tenantId, ["B-one"]);
  await order(B.tenantId, bd!.code, { items: [{ sku: "B", quantity: 1, amountFen: 77_700 }] });
}, 120_000);
afterAll(async () => t.close());

describe("compliance figures", () => {
  it("report the levels at the start and end of the period and each change in it", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.levels).toMatchObject({ atStart: 2, atEnd: 2, cap: 3 });
    expect(f.levels.changes.map((c) => [c.field, c.from, c.to, c.actor])).toEqual([
      ["commissionLevels", "2", "3", `staff:${ADMIN.id}`],
      ["commissionLevels", "3", "2", `staff:${ADMIN.id}`],
    ]);
  });

  it("report the deepest tier ever paid, within the cap of three, and the commissions by tier", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.tiers).toEqual({ deepestEver: 3, deepestInPeriod: 3, withinCap: true, byTier: [1, 2, 3].map((tier) => ({ tier, commissions: 3 })) });
    const db = await one<{ max: number }>(A.tenantId, sql`select max(tier)::int as max from commissions`);
    expect(f.tiers.deepestEver).toBe(db.max);
  });

  it("prove every commission is on a real order line and every expense has an order", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.integrity).toMatchObject({ commissions: 9, withoutOrderLine: 0, expenseJournalsWithoutOrder: 0 });
    // The net expense is what the commissions earn now: 17% of ¥10,000 and of ¥100 (the rejected order's is reversed).
    const earned = await one<{ fen: string }>(A.tenantId, sql`select sum(amount_fen)::text as fen from commissions`);
    expect(f.integrity.expenseFen).toBe(Number(earned.fen));
    expect(f.integrity.expenseFen).toBe(171_700);
    expect(f.integrity.expenseByCause.map((c) => c.cause).sort()).toEqual(["order", "risk_decision"]);
    // Accruals (3) and the rejection's reversal (1).
    expect(f.integrity.expenseJournals).toBe(4);
  });

  it("catch commission expense that no order caused", async () => {
    const other = await createBrandFixture(t, "Adjusted");
    const [x] = await chain(t.db, other.tenantId, ["X"]);
    await fundAvailable(t.db, other.tenantId, x!.id, 5_000);
    const r = await report(other.tenantId, TODAY);
    expect(r.figures.integrity).toMatchObject({ expenseJournals: 1, expenseJournalsWithoutOrder: 1, expenseFen: 5_000 });
    const t0 = (await translator("zh-CN"))("doc.integrity.breach");
    expect(complianceCsv(r, await translator("zh-CN"))).toContain(t0);
  });

  it("flag the spend-threshold enrolment mode as a legal risk while it is on, and not before", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.enrolment).toMatchObject({ modeAtStart: "open", modeAtEnd: "spend_threshold", spendThresholdFenAtEnd: 9_900, autoApproveAtEnd: true, spendThresholdRisk: true });
    expect(f.enrolment.changes.find((c) => c.field === "enrolmentMode")).toMatchObject({ from: "open", to: "spend_threshold" });
    const past = (await report(A.tenantId, LAST_MONTH)).figures;
    expect(past.enrolment).toMatchObject({ modeAtStart: "open", modeAtEnd: "open", spendThresholdRisk: false });
  });

  it("list the rule versions in force with their commissions, and the rule changes", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.rules.versionsInForce).toEqual([expect.objectContaining({ name: "flat", version: 1, until: "", commissions: 9 })]);
    expect(f.rules.changes.map((c) => c.action)).toEqual(["rule.created"]);
    expect((await report(A.tenantId, LAST_MONTH)).figures.rules.versionsInForce).toEqual([]);
  });

  it("count a rule version in force only while it was current and its rule enabled", async () => {
    // History written now and moved back in time (as the owner: the app cannot rewrite it).
    const c = await createBrandFixture(t, "Rule history");
    const lm = resolvePeriod(LAST_MONTH);
    const before = (days: number) => new Date(lm.start.getTime() - days * DAY).toISOString();
    const after = (days: number) => new Date(lm.start.getTime() + days * DAY).toISOString();
    const rule = (name: string) => ({ ...FLAT_RULE, name });
    const [revised, off, back] = await withTenant(t.db, c.tenantId, async (tx) => {
      const r = [await createRule(tx, ADMIN, rule("revised")), await createRule(tx, ADMIN, rule("off")), await createRule(tx, ADMIN, rule("back"))];
      await reviseRule(tx, ADMIN, r[0]!.id, { ...rule("revised"), priority: 5 });
      await setRuleEnabled(tx, ADMIN, r[1]!.id, false);
      await setRuleEnabled(tx, ADMIN, r[2]!.id, false);
      await setRuleEnabled(tx, ADMIN, r[2]!.id, true);
      return r.map((x) => x.id);
    });
    const move = async (q: ReturnType<typeof sql>) => t.db.execute(q);
    await move(sql`update commission_rule_versions set created_at = ${before(60)}::timestamptz where tenant_id = ${c.tenantId}::uuid and version = 1`);
    await move(sql`update commission_rule_versions set created_at = ${before(30)}::timestamptz where tenant_id = ${c.tenantId}::uuid and version = 2`);
    await move(sql`update audit_logs set created_at = ${before(10)}::timestamptz where tenant_id = ${c.tenantId}::uuid and action = 'rule.disabled'`);
    await move(sql`update audit_logs set created_at = ${after(5)}::timestamptz where tenant_id = ${c.tenantId}::uuid and action = 'rule.enabled'`);
    const f = (await report(c.tenantId, LAST_MONTH)).figures;
    // "revised": only version 2 was current; "off": disabled all period; "back": enabled in it.
    expect(f.rules.versionsInForce.map((v) => [v.ruleId, v.version]).sort()).toEqual([[revised, 2], [back, 1]].sort());
    expect(f.rules.versionsInForce.some((v) => v.ruleId === off)).toBe(false);
    expect(f.rules.changes.map((ch) => ch.action)).toEqual(["rule.enabled"]);
  });

  it("list re-parents and binding overrides with codes and reasons", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.reparents.count).toBe(1);
    expect(f.reparents.rows[0]).toMatchObject({ distributor: net[3]!.code, from: net[2]!.code, to: net[1]!.code, reason: "区域调整" });
    expect(f.bindingOverrides.count).toBe(1);
    expect(f.bindingOverrides.rows[0]).toMatchObject({ buyer: overriddenBuyer, from: net[3]!.code, to: net[2]!.code, reason: "客服核实" });
  });

  it("count risk decisions in the audit log and the ledger alike", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    expect(f.riskDecisions.byDecision).toEqual([
      { decision: "hold", decisions: 2, journals: 2, amountFen: 3_400 },
      { decision: "release", decisions: 1, journals: 1, amountFen: 1_700 },
      { decision: "reject", decisions: 1, journals: 1, amountFen: 1_700 },
    ]);
    expect(f.riskDecisions.count).toBe(4);
    expect(f.riskDecisions.rows.map((r) => r.action)).toEqual(["commission.hold", "commission.release", "commission.hold", "commission.reject"]);
  });

  it("report payouts and the tax withheld as the ledger and the tax records have them", async () => {
    const f = (await report(A.tenantId, TODAY)).figures;
    const tax = await one<{ n: number; income: string; tax: string }>(A.tenantId, sql`select count(*)::int as n, sum(income_fen)::text as income, sum(tax_fen)::text as tax from tax_withholdings`);
    expect(f.payouts).toMatchObject({ payouts: tax.n, grossFen: Number(tax.income), taxFen: Number(tax.tax), feeFen: 0 });
    expect(f.payouts.taxFen).toBeGreaterThan(0);
    expect(f.payouts.netFen).toBe(100_000 - Number(tax.tax));
    expect(f.payouts.payouts).toBe(1);
  });

  it("are reproducible: the same period twice gives the same figures and fingerprint; a past period does not move", async () => {
    const [r1, r2] = [await report(A.tenantId, TODAY), await report(A.tenantId, TODAY)];
    expect(r2.figures).toEqual(r1.figures);
    expect(r2.fingerprint).toBe(r1.fingerprint);
    expect(r1.fingerprint).toBe(fingerprintOf(r1.figures));
    // Everything in beforeAll happened after last month: its report is what it was before.
    const after = await report(A.tenantId, LAST_MONTH);
    expect(after.figures).toEqual(lastMonthBefore.figures);
    expect(after.fingerprint).toBe(lastMonthBefore.fingerprint);
    expect(after.figures).toMatchObject({ levels: { atStart: 2, atEnd: 2, changes: [] }, tiers: { deepestEver: 0 }, integrity: { commissions: 0 } });
    // A different period is a different fingerprint.
    expect(after.fingerprint).not.toBe(r1.fingerprint);
  });

  it("are the active brand's only", async () => {
    const f = (await report(B.tenantId, TODAY)).figures;
    expect(f.tiers).toMatchObject({ deepestEver: 1, byTier: [{ tier: 1, commissions: 1 }] });
    expect(f.integrity).toMatchObject({ commissions: 1, expenseFen: 7_770 });
    expect(f.reparents.count).toBe(0);
    expect(f.riskDecisions.count).toBe(0);
  });
});

async function translator(locale: "zh-CN" | "en"): Promise<Translate> {
  return createTranslator({ locale, messages: await loadMessages(locale), namespace: "compliance" }) as unknown as Translate;
}

const download = async (sessionId: string | null, query: Record<string, string>) =>
  downloadComplianceReport({ database: t, staffSessionId: sessionId, query: new URLSearchParams(query), locale: "zh-CN", font: { path: DEFAULT_PDF_FONT } });

describe("compliance download route", () => {
  it("gives the PDF and CSV of the active brand, with the same figures and fingerprint, and audits each download", async () => {
    const session = await createStaffSession(t.db, A.ownerUserId);
    const csvRes = await download(session, { format: "csv", ...TODAY });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csvRes.headers.get("content-disposition")).toContain(`filename="${A.slug}-compliance-`);
    const csv = await csvRes.text();
    const pdfRes = await download(session, { format: "pdf", ...TODAY });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get("content-type")).toBe("application/pdf");
    const fingerprint = csvRes.headers.get("x-report-fingerprint")!;
    expect(pdfRes.headers.get("x-report-fingerprint")).toBe(fingerprint);
    expect(csv).toContain(fingerprint);
    const text = (await pdfText(new Uint8Array(await pdfRes.arrayBuffer()))).text.replace(/\s+/g, "");
    expect(text).toContain(fingerprint);
    expect(text).toContain("合规品牌A");
    expect(text).toContain("1717.00"); // the net commission expense
    // Every figure and line of the CSV is in the PDF's text.
    const cells = csvCells(csv);
    expect(cells.length).toBeGreaterThan(80);
    expect(cells.filter((c) => !text.includes(c.replace(/\s+/g, "")))).toEqual([]);
    // Brand B's order (¥777, ¥77.70 of commission) is nowhere in brand A's report.
    expect(csv).not.toContain("77.70");
    const audited = rowsOf<{ actor_id: string; data: { format: string; fingerprint: string } }>(
      await withTenant(t.db, A.tenantId, (tx) => tx.execute(sql`select actor_id, data from audit_logs where action = 'compliance.report_downloaded' order by created_at, id`)),
    );
    expect(audited.map((a) => [a.actor_id, a.data.format, a.data.fingerprint])).toEqual([
      [A.ownerUserId, "csv", fingerprint],
      [A.ownerUserId, "pdf", fingerprint],
    ]);
  });

  it("refuses without a session, a bad period or format, without compliance.read, and outside the member's brands", async () => {
    expect((await download(null, { format: "csv", ...TODAY })).status).toBe(401);
    const session = await createStaffSession(t.db, A.ownerUserId);
    expect((await download(session, { format: "xlsx", ...TODAY })).status).toBe(400);
    expect((await download(session, { format: "csv", month: "2025-13" })).status).toBe(400);
    expect((await download(session, { format: "csv", from: "2025-03-10", to: "2025-03-01" })).status).toBe(400);
    const op = await staffInRole(t, A, "operator");
    expect((await download(await createStaffSession(t.db, op.userId), { format: "csv", ...TODAY })).status).toBe(403);
    const finance = await staffInRole(t, A, "finance");
    expect((await download(await createStaffSession(t.db, finance.userId), { format: "csv", ...TODAY })).status).toBe(200);
    // Brand B's owner whose session points at brand A (not a member there): refused.
    const bSession = await createStaffSession(t.db, B.ownerUserId);
    await t.db.execute(sql`update auth_sessions set active_tenant_id = ${A.tenantId}::uuid where id = ${bSession}::uuid`);
    expect((await download(bSession, { format: "csv", ...TODAY })).status).toBe(403);
  });

  it("answers 503 naming the font to install when the PDF font is missing", async () => {
    const session = await createStaffSession(t.db, A.ownerUserId);
    const res = await downloadComplianceReport({ database: t, staffSessionId: session, query: new URLSearchParams({ format: "pdf", ...TODAY }), locale: "en", font: { path: "/missing/font.ttc" } });
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/fonts-wqy-zenhei/);
  });
});

describe("compliance.preview", () => {
  it("returns the active brand's figures only, and needs compliance.read", async () => {
    const { caller } = await staffCaller(t, A.ownerUserId, A.tenantId);
    const a = await caller.compliance.preview(TODAY);
    expect(a.figures.integrity.commissions).toBe(9);
    expect(a.fingerprint).toBe((await report(A.tenantId, TODAY)).fingerprint);
    const { caller: callerB } = await staffCaller(t, B.ownerUserId, B.tenantId);
    expect((await callerB.compliance.preview(TODAY)).figures.integrity.commissions).toBe(1);
    const op = await staffInRole(t, A, "operator");
    const err = await op.caller.compliance.preview(TODAY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("FORBIDDEN");
    const bad = await caller.compliance.preview({ from: "2025-02-30", to: "2025-03-01" }).catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
  });
});
