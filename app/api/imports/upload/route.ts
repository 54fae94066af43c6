import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { handleImportUpload } from "@/server/orders/import-service/upload";

// Per request: the session and the upload are never cached.
export const dynamic = "force-dynamic";
// The background run keeps going after the response: it needs the Node runtime.
export const runtime = "nodejs";

/** Order file upload (server/orders/import-service/upload.ts has the contract). */
export async function POST(req: Request) {
  const database = await appDatabase();
  return handleImportUpload(req, { db: database.db, staffSessionId: await currentStaffSessionId(), appUrl: env.APP_URL });
}
