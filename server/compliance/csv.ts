/**
 * The report as CSV: one line per fact (section, label, value), each table as a header line and
 * its rows (section, table, cells…), each note (section, "!" for a finding, text). The title
 * lines carry the fingerprint, so a copy of the file proves which figures it holds. No
 * generation time: the same period gives a byte-identical file. Pure.
 */
import { csvCell, UTF8_BOM } from "@/server/export/csv";
import { complianceDocument, moreNote, type Translate } from "./document";
import type { ComplianceReport } from "./report";

/** Figures the report wrote (integers, yuan amounts) stay as they are; text is guarded as in every export. */
const cell = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : csvCell(v));
const line = (values: string[]) => `${values.map(cell).join(",")}\r\n`;

export function complianceCsv(report: ComplianceReport, t: Translate): string {
  const out: string[] = [UTF8_BOM, line([t("doc.title"), report.brand.name, report.figures.period.label, report.fingerprint])];
  for (const section of complianceDocument(report, t)) {
    for (const f of section.facts) out.push(line([section.title, f.label, f.value]));
    for (const n of section.notes) out.push(line([section.title, n.alert ? "!" : "", n.text]));
    for (const table of section.tables) {
      out.push(line([section.title, table.title, ...table.columns]));
      if (!table.rows.length) out.push(line([section.title, table.title, t("doc.none")]));
      for (const row of table.rows) out.push(line([section.title, table.title, ...row]));
      const more = moreNote(table, t);
      if (more) out.push(line([section.title, table.title, more]));
    }
  }
  return out.join("");
}
