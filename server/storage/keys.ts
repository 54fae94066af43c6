/**
 * Object keys: `<tenantId>/<visibility>/<random id>.<ext>`. The tenant prefix scopes every
 * object to one brand; "public" objects (product pictures, poster backgrounds) are shown to
 * buyers, "private" ones (ID photos, later) only to that brand's staff. The random id makes keys
 * unguessable, and the strict pattern keeps a key from ever naming a path outside its prefix.
 */
import { randomUUID } from "node:crypto";

export type Visibility = "public" | "private";

export const CONTENT_TYPES = {
  webp: "image/webp",
  jpg: "image/jpeg",
  png: "image/png",
} as const;
export type StoredExt = keyof typeof CONTENT_TYPES;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KEY = new RegExp(`^(${UUID})/(public|private)/(${UUID})\\.(webp|jpg|png)$`);

export interface ObjectKey {
  tenantId: string;
  visibility: Visibility;
  ext: StoredExt;
  key: string;
}

export function newObjectKey(tenantId: string, visibility: Visibility, ext: StoredExt): string {
  const key = `${tenantId.toLowerCase()}/${visibility}/${randomUUID()}.${ext}`;
  if (!KEY.test(key)) throw new Error("newObjectKey: tenantId is not a uuid");
  return key;
}

export function parseObjectKey(key: string): ObjectKey | null {
  const m = KEY.exec(key);
  if (!m) return null;
  return { tenantId: m[1]!, visibility: m[2] as Visibility, ext: m[4] as StoredExt, key };
}

/** The app path an object is served from (app/media/[...key]/route.ts). */
export const MEDIA_PREFIX = "/media/";
export function mediaUrl(key: string): string {
  return `${MEDIA_PREFIX}${key}`;
}

/** The key behind one of our media URLs ("/media/<key>"), or null for anything else. */
export function keyOfMediaUrl(url: string): string | null {
  if (!url.startsWith(MEDIA_PREFIX)) return null;
  return parseObjectKey(url.slice(MEDIA_PREFIX.length))?.key ?? null;
}
