import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { appStorage } from "@/server/storage";
import { serveMedia } from "@/server/storage/media";

export const dynamic = "force-dynamic";

/** An uploaded object by its key (server/storage/media.ts decides who may read it). */
export async function GET(req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  return serveMedia({
    database: await appDatabase(),
    staffSessionId: await currentStaffSessionId(),
    key: (await params).key.join("/"),
    storage: appStorage(),
    query: new URL(req.url).searchParams,
  });
}
