import { cookies } from "next/headers";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { uploadIdPhoto } from "@/server/payouts/kyc/photos";
import { PORTAL_COOKIE } from "@/server/portal/portal-session";
import { appStorage } from "@/server/storage";

export const dynamic = "force-dynamic";

/** A distributor's ID photo, `?side=front|back` (server/payouts/kyc/photos.ts). */
export async function POST(req: Request) {
  return uploadIdPhoto({
    database: await appDatabase(),
    portalCookie: (await cookies()).get(PORTAL_COOKIE)?.value ?? null,
    req,
    storage: appStorage(),
    appUrl: env.APP_URL,
    maxBytes: env.UPLOAD_MAX_BYTES,
    side: new URL(req.url).searchParams.get("side"),
  });
}
