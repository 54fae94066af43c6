/**
 * The two HTTP ends of storage: POST an image (staff only, capped, checked, re-encoded) and GET
 * an object by its key. Public objects (product pictures, poster backgrounds) are served to
 * anyone who has the unguessable key, with long caching (a key never changes content); private
 * objects only to signed-in staff of the brand whose prefix the key carries, or to whoever
 * holds an unexpired signed link to that one object (server/storage/signed.ts).
 */
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { can, type Permission } from "@/server/auth/permissions";
import { getStaffSession, staffBrandInTenant } from "@/server/auth/staff-auth";
import { problemResponse } from "@/server/http/problem";
import { bodyRefusal, readBodyCapped } from "@/server/http/read-body";
import { isSameOriginRequest } from "@/server/http/same-origin";
import type { StorageDriver } from "./driver";
import { prepareImage, type ImageRefusal } from "./image";
import { CONTENT_TYPES, mediaUrl, newObjectKey, parseObjectKey, type Visibility } from "./keys";
import { validMediaSignature } from "./signed";

export const UPLOAD_DEADLINE_MS = 30_000;

/** Who may do what: uploads need to manage the catalogue, private reads to see distributors. */
export const UPLOAD_PERMISSION: Permission = "distributors.manage";
export const PRIVATE_READ_PERMISSION: Permission = "distributors.read";

interface StaffContext {
  database: Database;
  staffSessionId: string | null | undefined;
}

/** The session's active brand when the staff member holds `permission` there; else the refusal. */
async function staffTenant(ctx: StaffContext, permission: Permission): Promise<string | Response> {
  const session = await getStaffSession(ctx.database.db, ctx.staffSessionId);
  if (!session) return problemResponse(401, "UNAUTHORIZED", "Sign in first.");
  const tenantId = session.activeTenantId;
  if (!tenantId) return problemResponse(403, "FORBIDDEN", "No brand selected.");
  const brand = await withTenant(ctx.database.db, tenantId, (tx) => staffBrandInTenant(tx, session.userId));
  if (!brand || !can(brand.role, permission)) return problemResponse(403, "FORBIDDEN", "Not allowed.");
  return tenantId;
}

const REFUSAL_TITLES: Record<ImageRefusal, string> = {
  notImage: "Not an image: PNG, JPEG, WebP or GIF only.",
  tooManyPixels: "The image is too large in pixels.",
  undecodable: "The image could not be read.",
};

export interface UploadRequest extends StaffContext {
  req: Request;
  storage: StorageDriver;
  appUrl: string | undefined;
  maxBytes: number;
  visibility?: Visibility;
}

/**
 * POST body: the image's bytes. 201 `{key, url, width, height}`; 413 too large, 415 not an
 * image (with `code` IMAGE_NOT_IMAGE / IMAGE_TOO_MANY_PIXELS / IMAGE_UNREADABLE). Nothing is
 * stored unless every check passed.
 */
export async function uploadImage(r: UploadRequest): Promise<Response> {
  // A cross-site form could otherwise upload with the staff member's cookie.
  if (!isSameOriginRequest(r.req.headers, r.appUrl))
    return problemResponse(403, "CROSS_SITE", "Cross-site request refused.");
  const tenant = await staffTenant(r, UPLOAD_PERMISSION);
  if (typeof tenant !== "string") return tenant;
  const limits = { maxBytes: r.maxBytes, deadlineMs: UPLOAD_DEADLINE_MS };
  const body = await readBodyCapped(r.req, limits);
  if (!body.ok) return bodyRefusal(body.reason, limits);
  const image = await prepareImage(body.bytes);
  if (!image.ok) {
    const code = { notImage: "IMAGE_NOT_IMAGE", tooManyPixels: "IMAGE_TOO_MANY_PIXELS", undecodable: "IMAGE_UNREADABLE" }[image.reason];
    return problemResponse(415, code, REFUSAL_TITLES[image.reason]);
  }
  const key = newObjectKey(tenant, r.visibility ?? "public", image.ext);
  await r.storage.put(key, image.bytes, image.contentType);
  return new Response(
    JSON.stringify({ key, url: mediaUrl(key), width: image.width, height: image.height }),
    { status: 201, headers: { "content-type": "application/json", "cache-control": "no-store" } },
  );
}

export interface MediaRequest extends StaffContext {
  key: string;
  storage: StorageDriver;
  /** The request's query: `exp` and `sig` of a signed link to a private object. */
  query?: URLSearchParams | null;
  now?: Date;
}

const notFound = () => new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export async function serveMedia(r: MediaRequest): Promise<Response> {
  const parsed = parseObjectKey(r.key);
  if (!parsed) return notFound();
  if (parsed.visibility === "private" && !validMediaSignature(parsed.key, r.query, r.now)) {
    const tenant = await staffTenant(r, PRIVATE_READ_PERMISSION);
    // Another brand's private object is simply not there.
    if (typeof tenant !== "string" || tenant !== parsed.tenantId) return notFound();
  }
  const object = await r.storage.get(parsed.key);
  if (!object) return notFound();
  return new Response(new Uint8Array(object.bytes), {
    status: 200,
    headers: {
      // The type follows the key's extension, never what a store says.
      "content-type": CONTENT_TYPES[parsed.ext],
      "content-length": String(object.bytes.byteLength),
      "x-content-type-options": "nosniff",
      "cache-control":
        parsed.visibility === "public" ? "public, max-age=31536000, immutable" : "private, no-store",
      "content-security-policy": "default-src 'none'",
    },
  });
}
