/**
 * The report as one document model — sections of labelled facts, notes and tables, every value
 * already text — that both the CSV and the PDF render. One model for both is what makes "the
 * PDF holds the figures of the CSV" true by construction (and the test checks it). Pure.
 */
import { DETAIL_LIMIT, type ComplianceReport } from "./report";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface DocFact {
  label: string;
  value: string;
}
export interface DocNote {
  text: string;
  /** A finding an inspector must see (a breach, a legal risk): shown in red in the PDF. */
  alert: boolean;
}
export interface DocTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** Rows there are in all, when more exist than are listed. */
  total?: number;
}
export interface DocSection {
  id: string;
  title: string;
  facts: DocFact[];
  notes: DocNote[];
  tables: DocTable[];
}

/** Fen as yuan with two decimals, in integer arithmetic: "1234.05", "-0.50". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const s = (n: number) => String(n);

export function complianceDocument(report: ComplianceReport, t: Translate): DocSection[] {
  const f = report.figures;
  const yesNo = (b: boolean) => t(b ? "doc.yes" : "doc.no");
  const mode = (m: string) => (["open", "admin_only", "spend_threshold"].includes(m) ? t(`doc.enrolment.mode.${m}`) : m);
  const cols = (section: string, keys: string[]) => keys.map((k) => t(`doc.${section}.columns.${k}`));
  const listed = (table: DocTable, total: number): DocTable => (total > table.rows.length ? { ...table, total } : table);
  const section = (id: string, title: string, facts: DocFact[], notes: DocNote[] = [], tables: DocTable[] = []): DocSection => ({ id, title, facts, notes, tables });
  const fact = (label: string, value: string): DocFact => ({ label, value });
  const enrolmentValue = (field: string, v: string) =>
    field === "enrolmentMode" ? mode(v) : field === "enrolmentSpendThresholdFen" && v !== "" ? yuan(Number(v)) : field === "enrolmentAutoApprove" ? yesNo(v === "true") : v;

  const tierOk = f.tiers.withinCap;
  const integrityOk = f.integrity.withoutOrderLine === 0 && f.integrity.expenseJournalsWithoutOrder === 0;
  return [
    section("summary", t("doc.summary.title"), [
      fact(t("doc.summary.brand"), report.brand.name),
      fact(t("doc.summary.period"), f.period.label),
      fact(t("doc.summary.from"), f.period.from),
      fact(t("doc.summary.to"), f.period.to),
      fact(t("doc.summary.fingerprint"), report.fingerprint),
    ]),
    section(
      "levels",
      t("doc.levels.title"),
      [fact(t("doc.levels.atStart"), s(f.levels.atStart)), fact(t("doc.levels.atEnd"), s(f.levels.atEnd)), fact(t("doc.levels.cap"), s(f.levels.cap))],
      [],
      [{ title: t("doc.levels.changes"), columns: cols("levels", ["at", "actor", "from", "to"]), rows: f.levels.changes.map((c) => [c.at, c.actor, c.from, c.to]) }],
    ),
    section(
      "tiers",
      t("doc.tiers.title"),
      [
        fact(t("doc.tiers.deepestEver"), s(f.tiers.deepestEver)),
        fact(t("doc.tiers.deepestInPeriod"), s(f.tiers.deepestInPeriod)),
        fact(t("doc.tiers.withinCap"), yesNo(tierOk)),
      ],
      [{ text: t(tierOk ? "doc.tiers.ok" : "doc.tiers.breach"), alert: !tierOk }],
      [{ title: t("doc.tiers.byTier"), columns: cols("tiers", ["tier", "commissions"]), rows: f.tiers.byTier.map((r) => [s(r.tier), s(r.commissions)]) }],
    ),
    section(
      "integrity",
      t("doc.integrity.title"),
      [
        fact(t("doc.integrity.commissions"), s(f.integrity.commissions)),
        fact(t("doc.integrity.withoutOrderLine"), s(f.integrity.withoutOrderLine)),
        fact(t("doc.integrity.expenseJournals"), s(f.integrity.expenseJournals)),
        fact(t("doc.integrity.expenseJournalsWithoutOrder"), s(f.integrity.expenseJournalsWithoutOrder)),
        fact(t("doc.integrity.expense"), yuan(f.integrity.expenseFen)),
      ],
      [{ text: t(integrityOk ? "doc.integrity.ok" : "doc.integrity.breach"), alert: !integrityOk }],
      [
        {
          title: t("doc.integrity.byCause"),
          columns: cols("integrity", ["cause", "journals", "net"]),
          rows: f.integrity.expenseByCause.map((c) => [c.cause, s(c.journals), yuan(c.netFen)]),
        },
      ],
    ),
    section(
      "enrolment",
      t("doc.enrolment.title"),
      [
        fact(t("doc.enrolment.modeAtStart"), mode(f.enrolment.modeAtStart)),
        fact(t("doc.enrolment.modeAtEnd"), mode(f.enrolment.modeAtEnd)),
        fact(t("doc.enrolment.threshold"), yuan(f.enrolment.spendThresholdFenAtEnd)),
        fact(t("doc.enrolment.autoApprove"), yesNo(f.enrolment.autoApproveAtEnd)),
      ],
      [{ text: t(f.enrolment.spendThresholdRisk ? "doc.enrolment.risk" : "doc.enrolment.noRisk"), alert: f.enrolment.spendThresholdRisk }],
      [
        {
          title: t("doc.enrolment.changes"),
          columns: cols("enrolment", ["at", "actor", "field", "from", "to"]),
          rows: f.enrolment.changes.map((c) => [c.at, c.actor, c.field, enrolmentValue(c.field, c.from), enrolmentValue(c.field, c.to)]),
        },
      ],
    ),
    section("rules", t("doc.rules.title"), [], [], [
      {
        title: t("doc.rules.inForce"),
        columns: cols("rules", ["rule", "version", "name", "since", "until", "commissions"]),
        rows: f.rules.versionsInForce.map((v) => [v.ruleId, s(v.version), v.name, v.since, v.until, s(v.commissions)]),
      },
      { title: t("doc.rules.changes"), columns: cols("rules", ["at", "actor", "action", "target", "detail"]), rows: f.rules.changes.map((c) => [c.at, c.actor, c.action, c.target, c.detail]) },
    ]),
    section("reparents", t("doc.reparents.title"), [fact(t("doc.reparents.count"), s(f.reparents.count))], [], [
      listed(
        {
          title: t("doc.reparents.title"),
          columns: cols("reparents", ["at", "actor", "distributor", "from", "to", "reason"]),
          rows: f.reparents.rows.map((r) => [r.at, r.actor, r.distributor, r.from, r.to, r.reason]),
        },
        f.reparents.count,
      ),
    ]),
    section("overrides", t("doc.overrides.title"), [fact(t("doc.overrides.count"), s(f.bindingOverrides.count))], [], [
      listed(
        {
          title: t("doc.overrides.title"),
          columns: cols("overrides", ["at", "actor", "buyer", "from", "to", "reason"]),
          rows: f.bindingOverrides.rows.map((r) => [r.at, r.actor, r.buyer, r.from, r.to, r.reason]),
        },
        f.bindingOverrides.count,
      ),
    ]),
    section("risk", t("doc.risk.title"), [fact(t("doc.risk.count"), s(f.riskDecisions.count))], [], [
      {
        title: t("doc.risk.byDecision"),
        columns: cols("risk", ["decision", "decisions", "journals", "amount"]),
        rows: f.riskDecisions.byDecision.map((d) => [t(`doc.risk.decision.${d.decision}`), s(d.decisions), s(d.journals), yuan(d.amountFen)]),
      },
      listed(
        { title: t("doc.risk.title"), columns: cols("risk", ["at", "actor", "action", "target", "detail"]), rows: f.riskDecisions.rows.map((r) => [r.at, r.actor, r.action, r.target, r.detail]) },
        f.riskDecisions.count,
      ),
    ]),
    section("payouts", t("doc.payouts.title"), [
      fact(t("doc.payouts.payouts"), s(f.payouts.payouts)),
      fact(t("doc.payouts.gross"), yuan(f.payouts.grossFen)),
      fact(t("doc.payouts.net"), yuan(f.payouts.netFen)),
      fact(t("doc.payouts.tax"), yuan(f.payouts.taxFen)),
      fact(t("doc.payouts.fees"), yuan(f.payouts.feeFen)),
    ]),
  ];
}

/** "Showing the first 500 of 812." under a capped table. */
export function moreNote(table: DocTable, t: Translate): string | null {
  return table.total !== undefined ? t("doc.more", { shown: Math.min(table.rows.length, DETAIL_LIMIT), total: table.total }) : null;
}
