/**
 * The PDF renderer: it opens (pdfjs reads it back), its extracted text holds every figure of the
 * CSV made from the same report, Chinese text comes out intact (the CJK font is embedded, not
 * boxes), findings are flagged, and a missing font is a clear error.
 */
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { loadMessages } from "@/server/i18n/messages";
import { complianceCsv } from "./csv";
import { fingerprintOf } from "./fingerprint";
import { compliancePdf, DEFAULT_PDF_FONT, PdfFontMissing } from "./pdf";
import type { ComplianceFigures, ComplianceReport } from "./report";
import { csvCells, pdfText } from "./testing";

async function translator(locale: "zh-CN" | "en") {
  const messages = await loadMessages(locale);
  return createTranslator({ locale, messages, namespace: "compliance" }) as unknown as (k: string, v?: Record<string, string | number>) => string;
}

function figures(overrides: Partial<ComplianceFigures> = {}): ComplianceFigures {
  return {
    period: { label: "2025-03", from: "2025-03-01T00:00:00.000+08:00", to: "2025-04-01T00:00:00.000+08:00" },
    levels: { atStart: 2, atEnd: 3, cap: 3, changes: [{ at: "2025-03-05T10:00:00.000+08:00", actor: "staff:u1", field: "commissionLevels", from: "2", to: "3" }] },
    tiers: { deepestEver: 3, deepestInPeriod: 3, withinCap: true, byTier: [{ tier: 1, commissions: 812 }, { tier: 2, commissions: 407 }, { tier: 3, commissions: 95 }] },
    integrity: {
      commissions: 1314,
      withoutOrderLine: 0,
      expenseJournals: 640,
      expenseJournalsWithoutOrder: 0,
      expenseFen: 1_234_567,
      expenseByCause: [{ cause: "order", journals: 600, netFen: 1_300_000 }, { cause: "refund", journals: 40, netFen: -65_433 }],
    },
    enrolment: { modeAtStart: "open", modeAtEnd: "open", spendThresholdFenAtEnd: 0, autoApproveAtEnd: false, spendThresholdRisk: false, changes: [] },
    rules: {
      versionsInForce: [{ ruleId: "0193a000-0000-7000-8000-000000000001", version: 2, name: "双十一 加码", since: "2025-02-01T00:00:00.000+08:00", until: "", commissions: 1314 }],
      changes: [],
    },
    reparents: { count: 1, rows: [{ at: "2025-03-09T08:00:00.000+08:00", actor: "staff:u1", distributor: "D0001", from: "D0002", to: "D0003", reason: "团队调整：按区域重新划分" }] },
    bindingOverrides: { count: 0, rows: [] },
    riskDecisions: {
      byDecision: [
        { decision: "hold", decisions: 3, journals: 3, amountFen: 4_500 },
        { decision: "release", decisions: 1, journals: 1, amountFen: 1_500 },
        { decision: "reject", decisions: 2, journals: 2, amountFen: 3_000 },
      ],
      count: 6,
      rows: [],
    },
    payouts: { payouts: 12, grossFen: 98_765, netFen: 90_000, taxFen: 8_000, feeFen: 765 },
    ...overrides,
  };
}

function report(f = figures()): ComplianceReport {
  return { brand: { name: "好邦优选 Hoobang" }, figures: f, fingerprint: fingerprintOf(f) };
}

const squash = (s: string) => s.replace(/\s+/g, "");
const AT = new Date("2025-04-01T02:00:00Z");

describe("compliance PDF", () => {
  it("opens, and its text holds every figure of the CSV, Chinese intact", async () => {
    const t = await translator("zh-CN");
    const r = report();
    const pdf = await compliancePdf(r, t, { path: DEFAULT_PDF_FONT }, AT);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const flat = squash(text);
    const cells = csvCells(complianceCsv(r, t));
    expect(cells.length).toBeGreaterThan(60);
    const missing = cells.filter((c) => !flat.includes(squash(c)));
    expect(missing).toEqual([]);
    // Chinese text comes out as the characters that went in, not as boxes or mapped garbage.
    for (const s of ["合规审计报告", "好邦优选", "双十一", "团队调整：按区域重新划分", "历史最深支付层级（截至期末）", "代扣个税（元）"]) expect(flat).toContain(squash(s));
    // Figures, as the CSV writes them.
    for (const s of ["12345.67", "-654.33", "987.65", "80.00", r.fingerprint]) expect(flat).toContain(s);
  });

  it("flags the spend-threshold mode as a legal risk, and a tier beyond three as a breach", async () => {
    const t = await translator("zh-CN");
    const risky = report(
      figures({
        enrolment: { modeAtStart: "open", modeAtEnd: "spend_threshold", spendThresholdFenAtEnd: 9_900, autoApproveAtEnd: true, spendThresholdRisk: true, changes: [{ at: "2025-03-02T09:00:00.000+08:00", actor: "staff:u1", field: "enrolmentMode", from: "open", to: "spend_threshold" }] },
        tiers: { deepestEver: 4, deepestInPeriod: 4, withinCap: false, byTier: [] },
      }),
    );
    const flat = squash((await pdfText(await compliancePdf(risky, t, { path: DEFAULT_PDF_FONT }, AT))).text);
    expect(flat).toContain(squash(t("doc.enrolment.risk")));
    expect(flat).toContain(squash(t("doc.tiers.breach")));
    expect(flat).toContain("99.00");
    const safe = squash((await pdfText(await compliancePdf(report(), t, { path: DEFAULT_PDF_FONT }, AT))).text);
    expect(safe).not.toContain(squash(t("doc.enrolment.risk")));
    expect(safe).toContain(squash(t("doc.enrolment.noRisk")));
    expect(safe).toContain(squash(t("doc.tiers.ok")));
  });

  it("renders in English too", async () => {
    const t = await translator("en");
    const flat = squash((await pdfText(await compliancePdf(report(), t, { path: DEFAULT_PDF_FONT }, AT))).text);
    expect(flat).toContain(squash("Compliance audit report"));
    expect(flat).toContain(squash("双十一 加码"));
  });

  it("refuses with a clear error when the CJK font is missing", async () => {
    const t = await translator("zh-CN");
    const err = await compliancePdf(report(), t, { path: "/nonexistent/font.ttc" }, AT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfFontMissing);
    expect((err as Error).message).toMatch(/fonts-wqy-zenhei.*COMPLIANCE_PDF_FONT/);
  });

  it("writes a byte-identical CSV for the same figures", async () => {
    const t = await translator("zh-CN");
    expect(complianceCsv(report(), t)).toBe(complianceCsv(report(figures()), t));
  });
});
