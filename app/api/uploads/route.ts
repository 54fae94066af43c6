import { currentStaffSessionId } from "@/server/auth/next-auth";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { appStorage } from "@/server/storage";
import { uploadImage } from "@/server/storage/media";

export const dynamic = "force-dynamic";

/** A staff image upload (product pictures, poster backgrounds, materials): server/storage/media.ts. */
export async function POST(req: Request) {
  return uploadImage({
    database: await appDatabase(),
    staffSessionId: await currentStaffSessionId(),
    req,
    storage: appStorage(),
    appUrl: env.APP_URL,
    maxBytes: env.UPLOAD_MAX_BYTES,
  });
}
