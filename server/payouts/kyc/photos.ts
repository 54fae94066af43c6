/**
 * Optional ID photos (front and back), uploaded by the distributor from the portal.
 *
 * The bytes go through the storage image pipeline (type read from the content, size capped,
 * pixel bombs refused, re-encoded as WebP so EXIF such as location is dropped) and are stored
 * as private objects under the brand's prefix. They are never served by key alone: the
 * distributor and finance staff get short-lived signed links (server/storage/signed.ts). A
 * replaced photo's object is deleted once the new key is committed.
 */
import type { Database } from "@/db/client";
import { distributorIdentities } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { isAppError } from "@/server/errors";
import { problemResponse } from "@/server/http/problem";
import { bodyRefusal, readBodyCapped } from "@/server/http/read-body";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { getPortalSession } from "@/server/portal/portal-session";
import type { StorageDriver } from "@/server/storage/driver";
import { prepareImage } from "@/server/storage/image";
import { newObjectKey } from "@/server/storage/keys";
import { signedMediaUrl } from "@/server/storage/signed";
import { identityOf, requireIdentityHolder } from "./identity";

export const ID_PHOTO_SIDES = ["front", "back"] as const;
export type IdPhotoSide = (typeof ID_PHOTO_SIDES)[number];
const UPLOAD_DEADLINE_MS = 30_000;
/** A phone photo of a card needs no more; smaller files are cheaper to keep. */
const ID_PHOTO_MAX_EDGE = 1600;

export interface IdPhotoUpload {
  database: Database;
  portalCookie: string | null | undefined;
  req: Request;
  storage: StorageDriver;
  appUrl: string | undefined;
  maxBytes: number;
  side: string | null;
}

/** POST body: the image. 201 `{side, url}` (a signed link); 401/403/413/415 with nothing stored. */
export async function uploadIdPhoto(r: IdPhotoUpload): Promise<Response> {
  if (!isSameOriginRequest(r.req.headers, r.appUrl)) return problemResponse(403, "CROSS_SITE", "Cross-site request refused.");
  const side = ID_PHOTO_SIDES.find((s) => s === r.side);
  if (!side) return problemResponse(400, "BAD_REQUEST", "side must be front or back.");
  const session = await getPortalSession(r.database.db, r.portalCookie);
  if (!session) return problemResponse(401, "UNAUTHORIZED", "Please sign in with your phone number.");
  try {
    await withTenant(r.database.db, session.tenantId, (tx) => requireIdentityHolder(tx, session.memberId));
  } catch (e) {
    if (isAppError(e)) return problemResponse(403, "FORBIDDEN", e.message);
    throw e;
  }
  const limits = { maxBytes: r.maxBytes, deadlineMs: UPLOAD_DEADLINE_MS };
  const body = await readBodyCapped(r.req, limits);
  if (!body.ok) return bodyRefusal(body.reason, limits);
  const image = await prepareImage(body.bytes, ID_PHOTO_MAX_EDGE);
  if (!image.ok) {
    const code = { notImage: "IMAGE_NOT_IMAGE", tooManyPixels: "IMAGE_TOO_MANY_PIXELS", undecodable: "IMAGE_UNREADABLE" }[image.reason];
    return problemResponse(415, code, "Not a readable photo: PNG, JPEG, WebP or GIF only.");
  }
  const key = newObjectKey(session.tenantId, "private", image.ext);
  await r.storage.put(key, image.bytes, image.contentType);
  let previous: string | null;
  try {
    previous = await withTenant(r.database.db, session.tenantId, async (tx) => {
      const d = await requireIdentityHolder(tx, session.memberId);
      const before = await identityOf(tx, d.id);
      const set = side === "front" ? { idPhotoFrontKey: key, updatedAt: new Date() } : { idPhotoBackKey: key, updatedAt: new Date() };
      await tx
        .insert(distributorIdentities)
        .values({ tenantId: session.tenantId, distributorId: d.id, ...set })
        .onConflictDoUpdate({ target: [distributorIdentities.tenantId, distributorIdentities.distributorId], set });
      return (side === "front" ? before?.idPhotoFrontKey : before?.idPhotoBackKey) ?? null;
    });
  } catch (e) {
    // Not recorded: the object would be an orphan nobody can reach.
    await r.storage.delete(key).catch(() => undefined);
    throw e;
  }
  if (previous && previous !== key) await r.storage.delete(previous).catch(() => undefined);
  return new Response(JSON.stringify({ side, url: signedMediaUrl(key) }), {
    status: 201,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** Signed links to the distributor's own photos, for the portal page. */
export function photoLinks(row: { idPhotoFrontKey: string | null; idPhotoBackKey: string | null } | null, now: Date = new Date()) {
  return {
    front: row?.idPhotoFrontKey ? signedMediaUrl(row.idPhotoFrontKey, now) : null,
    back: row?.idPhotoBackKey ? signedMediaUrl(row.idPhotoBackKey, now) : null,
  };
}
