import { cookies, headers } from "next/headers";
import { exportCsv } from "@/server/export/handler";
import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { LOCALE_COOKIE, pickLocale } from "@/server/i18n/config";

// Per request: the session, the brand and the rows are never cached.
export const dynamic = "force-dynamic";

/** A console list as CSV (server/export/handler.ts has the contract). */
export async function GET(req: Request, { params }: { params: Promise<{ list: string }> }) {
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return exportCsv({
    database: await appDatabase(),
    staffSessionId: await currentStaffSessionId(),
    list: (await params).list,
    query: new URL(req.url).searchParams,
    locale,
  });
}
