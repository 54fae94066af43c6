import { cookies, headers } from "next/headers";
import { downloadComplianceReport } from "@/server/compliance/download";
import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { LOCALE_COOKIE, pickLocale } from "@/server/i18n/config";

// Per request: the session, the brand and the figures are never cached.
export const dynamic = "force-dynamic";

/** The compliance report as PDF or CSV (server/compliance/download.ts has the contract). */
export async function GET(req: Request) {
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return downloadComplianceReport({
    database: await appDatabase(),
    staffSessionId: await currentStaffSessionId(),
    query: new URL(req.url).searchParams,
    locale,
    font: { path: env.COMPLIANCE_PDF_FONT, face: env.COMPLIANCE_PDF_FONT_FACE },
  });
}
