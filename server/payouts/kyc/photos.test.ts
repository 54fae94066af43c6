/**
 * ID photos: uploaded by the signed-in distributor only (same site, capped, type from content),
 * stored private under the brand's prefix, replaced photos deleted, and served only through
 * short-lived signed links (or to the brand's own staff) — never by key alone, never to another
 * brand.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession } from "@/server/auth/staff-auth";
import { chain } from "@/server/network/test-helpers";
import { applyAsDistributor } from "@/server/network/distributors";
import { buyer } from "@/server/network/test-helpers";
import { createPortalSession } from "@/server/portal/portal-session";
import { localDriver } from "@/server/storage/local";
import { parseObjectKey } from "@/server/storage/keys";
import { serveMedia } from "@/server/storage/media";
import { signedMediaUrl, SIGNED_URL_SECONDS } from "@/server/storage/signed";
import { pngOf } from "@/server/storage/testing";
import { createBrandFixture } from "@/server/testing/fixtures";
import { identityOf } from "./identity";
import { identityForStaff } from "./payee";
import { uploadIdPhoto } from "./photos";

const APP = "http://app.test";
let t: Database;
let dir: string;
let storage: ReturnType<typeof localDriver>;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "fx-idphoto-"));
  storage = localDriver(dir);
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const upload = (cookie: string | null, body: BodyInit, side: string | null = "front", origin = APP, maxBytes = 10 * 1024 * 1024) =>
  uploadIdPhoto({
    database: t,
    portalCookie: cookie,
    storage,
    appUrl: APP,
    maxBytes,
    side,
    req: new Request(`${APP}/api/portal/identity-photo?side=${side}`, { method: "POST", body, headers: { origin, host: "app.test" } }),
  });

const files = async () => (await readdir(dir, { recursive: true })).filter((f) => /\.(webp|png|jpg)$/.test(f)).sort();

/** Splits "/media/<key>?exp=…&sig=…" for serveMedia. */
function parts(url: string) {
  const u = new URL(url, APP);
  return { key: u.pathname.slice("/media/".length), query: u.searchParams };
}

async function brand(name: string) {
  const b = await createBrandFixture(t, name);
  const [d] = await chain(t.db, b.tenantId, [`${name} seller`]);
  const s = await createPortalSession(t.db, b.tenantId, d!.memberId);
  return { ...b, distributor: d!, cookie: s.cookieValue, staff: await createStaffSession(t.db, b.ownerUserId) };
}

describe("ID photos", () => {
  it("stores the distributor's photo privately, re-encoded, and serves it by signed link until it expires", async () => {
    const a = await brand("Photo A");
    const res = await upload(a.cookie, new Uint8Array(pngOf(400, 250)));
    expect(res.status).toBe(201);
    const { url, side } = (await res.json()) as { url: string; side: string };
    expect(side).toBe("front");
    const { key, query } = parts(url);
    expect(parseObjectKey(key)).toMatchObject({ tenantId: a.tenantId, visibility: "private", ext: "webp" });
    expect(await withTenant(t.db, a.tenantId, async (tx) => (await identityOf(tx, a.distributor.id))?.idPhotoFrontKey)).toBe(key);

    // With the link: served, not cached. Without it, or with a changed expiry, or another key: not found.
    const ok = await serveMedia({ database: t, staffSessionId: null, key, storage, query });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/webp");
    expect(ok.headers.get("cache-control")).toBe("private, no-store");
    expect((await serveMedia({ database: t, staffSessionId: null, key, storage })).status).toBe(404);
    const forged = new URLSearchParams(query);
    forged.set("exp", String(Number(query.get("exp")) + 3600));
    expect((await serveMedia({ database: t, staffSessionId: null, key, storage, query: forged })).status).toBe(404);
    const later = new Date(Date.now() + (SIGNED_URL_SECONDS + 5) * 1000);
    expect((await serveMedia({ database: t, staffSessionId: null, key, storage, query, now: later })).status).toBe(404);
    const otherKey = parts(signedMediaUrl(key.replace(/[0-9a-f]{8}(?=\.webp$)/, "00000000")));
    expect((await serveMedia({ database: t, staffSessionId: null, key, storage, query: otherKey.query })).status).toBe(404);

    // Finance staff get a fresh signed link through identityForStaff.
    const view = await withTenant(t.db, a.tenantId, (tx) => identityForStaff(tx, a.distributor.id));
    expect(view?.frontPhotoUrl).toMatch(/^\/media\/.+\?exp=\d+&sig=/);
    expect(view?.backPhotoUrl).toBeNull();
    expect((await serveMedia({ database: t, staffSessionId: null, ...parts(view!.frontPhotoUrl!), storage })).status).toBe(200);

    // Replacing the photo deletes the old object.
    const again = await upload(a.cookie, new Uint8Array(pngOf(300, 200)));
    expect(again.status).toBe(201);
    const newKey = parts(((await again.json()) as { url: string }).url).key;
    expect(await storage.get(key)).toBeNull();
    expect(await files()).toEqual([newKey]);
  });

  it("refuses non-images, oversized bodies, other sites, signed-out visitors and applicants, storing nothing", async () => {
    const a = await brand("Photo B");
    const before = await files();
    expect((await upload(a.cookie, "%PDF-1.7 not a photo")).status).toBe(415);
    expect((await upload(a.cookie, new Uint8Array(Buffer.concat([pngOf(10, 10), Buffer.alloc(4096)])), "front", APP, 2048)).status).toBe(413);
    expect((await upload(a.cookie, new Uint8Array(pngOf(10, 10)), "front", "https://evil.example")).status).toBe(403);
    expect((await upload(a.cookie, new Uint8Array(pngOf(10, 10)), "middle")).status).toBe(400);
    expect((await upload(null, new Uint8Array(pngOf(10, 10)))).status).toBe(401);
    const applicant = await withTenant(t.db, a.tenantId, async (tx) => {
      const memberId = await buyer(tx);
      await applyAsDistributor(tx, memberId, { name: "Applicant", region: "R" });
      return memberId;
    });
    const s = await createPortalSession(t.db, a.tenantId, applicant);
    expect((await upload(s.cookieValue, new Uint8Array(pngOf(10, 10)))).status).toBe(403);
    expect(await files()).toEqual(before);
    expect(await withTenant(t.db, a.tenantId, (tx) => identityOf(tx, a.distributor.id))).toBeNull();
  });

  it("another brand's staff and distributors cannot read a brand's ID photo; its own staff can", async () => {
    const a = await brand("Photo C");
    const b = await brand("Photo D");
    const res = await upload(a.cookie, new Uint8Array(pngOf(50, 50)), "back");
    const { key } = parts(((await res.json()) as { url: string }).url);
    expect((await serveMedia({ database: t, staffSessionId: b.staff, key, storage })).status).toBe(404);
    expect((await serveMedia({ database: t, staffSessionId: a.staff, key, storage })).status).toBe(200);
    expect(await withTenant(t.db, b.tenantId, (tx) => identityForStaff(tx, a.distributor.id))).toBeNull();
    // Brand B's distributor uploading writes only into brand B.
    expect((await upload(b.cookie, new Uint8Array(pngOf(50, 50)), "back")).status).toBe(201);
    expect(await withTenant(t.db, a.tenantId, async (tx) => (await identityOf(tx, a.distributor.id))?.idPhotoBackKey)).toBe(key);
  });
});
