/**
 * The report as PDF (pdfkit), from the same document model as the CSV. Chinese text needs a CJK
 * font embedded: pdfkit's standard fonts have no Chinese glyphs. The font is a file on the
 * server (COMPLIANCE_PDF_FONT, default Debian's fonts-wqy-zenhei); a .ttc holds several faces,
 * picked by PostScript name. A missing font is a clear error, never a PDF of empty boxes.
 */
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { AppError } from "@/server/errors";
import { complianceDocument, moreNote, type Translate } from "./document";
import type { ComplianceReport } from "./report";

export const DEFAULT_PDF_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
/** The face inside wqy-zenhei.ttc (index 0, `fc-query` lists the collection). */
export const DEFAULT_PDF_FONT_FACE = "WenQuanYiZenHei";

export interface PdfFont {
  path: string;
  /** PostScript name of the face, for a font collection (.ttc); ignored for a single font. */
  face?: string;
}

export class PdfFontMissing extends AppError {
  constructor(path: string) {
    super(
      "SERVICE_UNAVAILABLE",
      `The compliance report's CJK font is missing: ${path}. Install fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei) or set COMPLIANCE_PDF_FONT to a TrueType/OpenType font with Chinese glyphs.`,
    );
  }
}

const MARGIN = 48;
const COLORS = { text: "#0f172a", muted: "#475569", alert: "#b91c1c", rule: "#cbd5e1" };

export async function compliancePdf(report: ComplianceReport, t: Translate, font: PdfFont, generatedAt: Date): Promise<Buffer> {
  if (!existsSync(font.path)) throw new PdfFontMissing(font.path);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    // Fixed metadata dates: generating a period twice gives the same document info.
    info: { Title: `${t("doc.title")} ${report.figures.period.label}`, Author: report.brand.name, Subject: report.fingerprint, CreationDate: generatedAt, ModDate: generatedAt },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const isCollection = /\.ttc$/i.test(font.path);
  doc.registerFont("cjk", font.path, isCollection ? (font.face ?? DEFAULT_PDF_FONT_FACE) : undefined);
  doc.font("cjk");
  const width = doc.page.width - MARGIN * 2;

  doc.fillColor(COLORS.text).fontSize(18).text(t("doc.title"), { width });
  doc.moveDown(0.2).fontSize(9).fillColor(COLORS.muted).text(t("doc.subtitle"), { width });
  doc.text(t("doc.generatedAt", { at: generatedAt.toISOString() }), { width });
  doc.moveDown(0.6);

  for (const section of complianceDocument(report, t)) {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.4).fillColor(COLORS.text).fontSize(13).text(section.title, { width });
    const y = doc.y + 2;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).strokeColor(COLORS.rule).lineWidth(0.5).stroke();
    doc.moveDown(0.4).fontSize(10);
    for (const f of section.facts) {
      doc.fillColor(COLORS.muted).text(`${f.label}：`, { width, continued: true }).fillColor(COLORS.text).text(f.value);
    }
    for (const n of section.notes) {
      doc.moveDown(0.2).fillColor(n.alert ? COLORS.alert : COLORS.text).text(n.text, { width });
    }
    for (const table of section.tables) {
      doc.moveDown(0.3).fontSize(10).fillColor(COLORS.text).text(table.title, { width });
      doc.fontSize(8).fillColor(COLORS.muted).text(table.columns.join(" | "), { width });
      doc.fillColor(COLORS.text);
      if (!table.rows.length) doc.text(t("doc.none"), { width });
      for (const row of table.rows) doc.text(row.join(" | "), { width });
      const more = moreNote(table, t);
      if (more) doc.fillColor(COLORS.muted).text(more, { width });
      doc.fontSize(10);
    }
  }

  // Page numbers and the fingerprint on every page: a loose page still says which report it is.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - MARGIN + 14;
    doc.page.margins.bottom = 0;
    doc.fontSize(7).fillColor(COLORS.muted).text(`${i + 1}/${range.count} · ${report.fingerprint}`, MARGIN, bottom, { width, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}
