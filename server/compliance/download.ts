/**
 * GET /console/compliance/download?format=pdf|csv&month=YYYY-MM (or &from=YYYY-MM-DD&to=…): the
 * compliance report of the signed-in staff member's active brand, as a file.
 *
 * Authenticated like the list exports (server/export/handler.ts): the staff session, its
 * active brand, and `compliance.read` checked against the membership read inside the brand's
 * transaction, where RLS scopes every figure to that brand. The report is generated and the
 * download audited (period, format, fingerprint) in that one transaction, so the audit log says
 * exactly which figures left the system and who took them.
 */
import { existsSync } from "node:fs";
import { createTranslator } from "next-intl";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { can } from "@/server/auth/permissions";
import { getStaffSession, staffBrandInTenant } from "@/server/auth/staff-auth";
import type { Locale } from "@/server/i18n/config";
import { loadMessages } from "@/server/i18n/messages";
import { audit } from "@/server/tenancy/audit";
import { complianceCsv } from "./csv";
import type { Translate } from "./document";
import { compliancePdf, type PdfFont } from "./pdf";
import { periodFromQuery } from "./period";
import { complianceReport } from "./report";

export interface ComplianceDownloadRequest {
  database: Database;
  staffSessionId: string | null | undefined;
  query: URLSearchParams;
  locale: Locale;
  font: PdfFont;
  now?: Date;
}

function refusal(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** "hoobang-compliance-2025-03.pdf", with the brand's own name for clients that read filename*. */
export function reportDisposition(brand: { slug: string; name: string }, label: string, noun: string, ext: "pdf" | "csv") {
  const safeLabel = label.replace(/\.\./g, "_");
  const safeName = brand.name.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_");
  const ascii = `${brand.slug}-compliance-${safeLabel}.${ext}`;
  const utf8 = encodeURIComponent(`${safeName}-${noun}-${safeLabel}.${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

export async function downloadComplianceReport(req: ComplianceDownloadRequest): Promise<Response> {
  const messages = await loadMessages(req.locale);
  const tExport = createTranslator({ locale: req.locale, messages, namespace: "dataTable.exportErrors" }) as unknown as Translate;
  const t = createTranslator({ locale: req.locale, messages, namespace: "compliance" }) as unknown as Translate;
  const db = req.database.db;
  const session = await getStaffSession(db, req.staffSessionId);
  if (!session) return refusal(401, tExport("signIn"));
  const tenantId = session.activeTenantId;
  if (!tenantId) return refusal(403, tExport("forbidden"));
  const format = req.query.get("format") ?? "pdf";
  if (format !== "pdf" && format !== "csv") return refusal(400, `${tExport("badFilter")} (format)`);
  const period = periodFromQuery(req.query);
  if (!period) return refusal(400, t("period.invalid"));
  // Before any work: a server without the font answers with what to install, not a broken file.
  if (format === "pdf" && !existsSync(req.font.path)) {
    console.error(`compliance report: the PDF font ${req.font.path} is missing (apt-get install fonts-wqy-zenhei, or set COMPLIANCE_PDF_FONT)`);
    return refusal(503, `The PDF font is missing on the server: ${req.font.path}. Install fonts-wqy-zenhei or set COMPLIANCE_PDF_FONT.`);
  }
  const now = req.now ?? new Date();

  const out = await withTenant(db, tenantId, async (tx) => {
    const brand = await staffBrandInTenant(tx, session.userId);
    if (!brand) return { ok: false, message: tExport("notMember") } as const;
    if (!can(brand.role, "compliance.read")) return { ok: false, message: tExport("forbidden") } as const;
    const report = await complianceReport(tx, period);
    const body = format === "pdf" ? await compliancePdf(report, t, req.font, now) : Buffer.from(complianceCsv(report, t), "utf8");
    await audit(
      tx,
      { type: "staff", id: session.userId },
      { action: "compliance.report_downloaded", targetType: "compliance_report", targetId: period.label, data: { period: period.label, format, fingerprint: report.fingerprint } },
    );
    return { ok: true, brand, report, body } as const;
  });
  if (!out.ok) return refusal(403, out.message);

  return new Response(new Uint8Array(out.body), {
    status: 200,
    headers: {
      "content-type": format === "pdf" ? "application/pdf" : "text/csv; charset=utf-8",
      "content-disposition": reportDisposition(out.brand, period.label, t("title"), format),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-report-fingerprint": out.report.fingerprint,
    },
  });
}
