/**
 * Storage: the local driver on a real directory, the S3 driver against an in-process
 * S3-compatible server, the image pipeline (type from content, pixel bombs refused before
 * decoding, resized and re-encoded), and the routes: staff-only uploads, public objects served
 * with caching, a brand's private objects readable by its own staff only.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession } from "@/server/auth/staff-auth";
import { readImageHeader } from "@/server/promotion/image-size";
import { createBrandFixture } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import type { StorageDriver } from "./driver";
import { prepareImage } from "./image";
import { keyOfMediaUrl, newObjectKey, parseObjectKey } from "./keys";
import { localDriver } from "./local";
import { serveMedia, uploadImage } from "./media";
import { s3Driver } from "./s3";
import { fakeS3, pngHeaderDeclaring, pngOf } from "./testing";

const TENANT = "0190a1b2-0000-7000-8000-00000000000a";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fx-storage-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function roundTrip(driver: StorageDriver) {
  const key = newObjectKey(TENANT, "private", "png");
  const bytes = pngOf(4, 4);
  expect(await driver.get(key)).toBeNull();
  await driver.put(key, bytes, "image/png");
  const back = await driver.get(key);
  expect(back?.bytes.equals(bytes)).toBe(true);
  expect(back?.contentType).toBe("image/png");
  await driver.delete(key);
  expect(await driver.get(key)).toBeNull();
}

describe("keys", () => {
  it("are tenant-scoped and refuse anything that could leave their prefix", () => {
    const key = newObjectKey(TENANT, "public", "webp");
    expect(parseObjectKey(key)).toMatchObject({ tenantId: TENANT, visibility: "public", ext: "webp" });
    expect(keyOfMediaUrl(`/media/${key}`)).toBe(key);
    for (const bad of [`${TENANT}/public/../x.webp`, `${TENANT}/secret/${TENANT}.webp`, `../${key}`, `${key}/x`, `${TENANT}/public/${TENANT}.svg`])
      expect(parseObjectKey(bad)).toBeNull();
    expect(() => newObjectKey("../etc", "public", "webp")).toThrow();
  });
});

describe("local driver", () => {
  it("stores, reads and deletes files under its directory only", async () => {
    const driver = localDriver(dir);
    await roundTrip(driver);
    await expect(driver.put("../escape.png", Buffer.from("x"), "image/png")).rejects.toThrow();
    expect(await driver.get("../escape.png")).toBeNull();
    expect(await readdir(path.dirname(dir))).not.toContain("escape.png");
  });
});

describe("S3 driver", () => {
  it("puts, gets and deletes through the S3 protocol (path-style, signed), missing keys are null", async () => {
    const s3 = await fakeS3("fx-bucket");
    try {
      const driver = s3Driver({
        endpoint: s3.endpoint,
        region: "us-east-1",
        bucket: "fx-bucket",
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "secret-example-key",
        forcePathStyle: true,
      });
      await roundTrip(driver);
      expect(s3.seen.map((r) => r.method)).toEqual(["GET", "PUT", "GET", "DELETE", "GET"]);
      expect(s3.seen.every((r) => r.path.startsWith(`/fx-bucket/${TENANT}/private/`))).toBe(true);
      expect(s3.seen[1]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      await expect(driver.put("nope", Buffer.from("x"), "image/png")).rejects.toThrow(/malformed/);
    } finally {
      await s3.close();
    }
  });
});

describe("image pipeline", () => {
  it("re-encodes an image as WebP, scaled down to the longest edge", async () => {
    const r = await prepareImage(pngOf(3200, 1600), 1600);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r).toMatchObject({ width: 1600, height: 800, contentType: "image/webp", source: "png" });
    expect(readImageHeader(r.bytes)).toEqual({ format: "webp", width: 1600, height: 800 });
    const small = await prepareImage(pngOf(40, 30));
    expect(small.ok && [small.width, small.height]).toEqual([40, 30]);
  });

  it("refuses non-images whatever they claim, and pixel bombs before decoding", async () => {
    expect(await prepareImage(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toEqual({ ok: false, reason: "notImage" });
    expect(await prepareImage(Buffer.from("%PDF-1.7 a document named photo.png"))).toEqual({ ok: false, reason: "notImage" });
    const bomb = pngHeaderDeclaring(50_000, 50_000);
    expect(bomb.length).toBeLessThan(100);
    expect(await prepareImage(bomb)).toEqual({ ok: false, reason: "tooManyPixels" });
    // In budget by its header, but not a decodable picture.
    expect(await prepareImage(pngHeaderDeclaring(10, 10))).toEqual({ ok: false, reason: "undecodable" });
  });
});

describe("upload and media routes", () => {
  let t: Database;
  let a: Awaited<ReturnType<typeof createBrandFixture>>;
  let b: Awaited<ReturnType<typeof createBrandFixture>>;
  let aSession: string;
  let bSession: string;
  let storage: StorageDriver;
  const APP = "http://app.test";

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await createBrandFixture(t, "Brand A");
    b = await createBrandFixture(t, "Brand B");
    aSession = await createStaffSession(t.db, a.ownerUserId);
    bSession = await createStaffSession(t.db, b.ownerUserId);
    storage = localDriver(path.join(dir, "routes"));
  });
  afterAll(async () => t.close());

  const post = (body: BodyInit, staffSessionId: string | null, origin = APP, maxBytes = 10 * 1024 * 1024) =>
    uploadImage({
      database: t,
      staffSessionId,
      storage,
      appUrl: APP,
      maxBytes,
      req: new Request(`${APP}/api/uploads`, { method: "POST", body, headers: { origin, host: "app.test" } }),
    });
  const stored = async () => (await readdir(path.join(dir, "routes"), { recursive: true })).filter((f) => /\.(webp|png|jpg)$/.test(f));

  it("stores a staff member's image under its brand and serves it publicly with caching", async () => {
    const res = await post(new Uint8Array(pngOf(120, 80)), aSession);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { key: string; url: string; width: number };
    expect(parseObjectKey(body.key)).toMatchObject({ tenantId: a.tenantId, visibility: "public" });
    expect(body.url).toBe(`/media/${body.key}`);
    const got = await serveMedia({ database: t, staffSessionId: null, key: body.key, storage });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/webp");
    expect(got.headers.get("cache-control")).toContain("immutable");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(readImageHeader(Buffer.from(await got.arrayBuffer()))).toMatchObject({ format: "webp", width: 120, height: 80 });
  });

  it("refuses a non-image, a pixel bomb, an oversized body, strangers and other sites, storing nothing", async () => {
    const before = await stored();
    const notImage = await post("just some text, not a picture", aSession);
    expect(notImage.status).toBe(415);
    expect(((await notImage.json()) as { code: string }).code).toBe("IMAGE_NOT_IMAGE");
    const bomb = await post(new Uint8Array(pngHeaderDeclaring(50_000, 50_000)), aSession);
    expect(bomb.status).toBe(415);
    expect(((await bomb.json()) as { code: string }).code).toBe("IMAGE_TOO_MANY_PIXELS");
    expect((await post(new Uint8Array(Buffer.concat([pngOf(10, 10), Buffer.alloc(4096)])), aSession, APP, 2048)).status).toBe(413);
    expect((await post(new Uint8Array(pngOf(10, 10)), null)).status).toBe(401);
    expect((await post(new Uint8Array(pngOf(10, 10)), aSession, "https://evil.example")).status).toBe(403);
    const risk = await staffInRole(t, a, "risk");
    expect((await post(new Uint8Array(pngOf(10, 10)), risk.sessionId)).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it("serves a brand's private object to its own staff only: brand B cannot read brand A's", async () => {
    const key = newObjectKey(a.tenantId, "private", "png");
    await storage.put(key, pngOf(8, 8), "image/png");
    const asA = await serveMedia({ database: t, staffSessionId: aSession, key, storage });
    expect(asA.status).toBe(200);
    expect(asA.headers.get("cache-control")).toBe("private, no-store");
    expect((await serveMedia({ database: t, staffSessionId: bSession, key, storage })).status).toBe(404);
    expect((await serveMedia({ database: t, staffSessionId: null, key, storage })).status).toBe(404);
    expect((await serveMedia({ database: t, staffSessionId: aSession, key: `${key}/../x`, storage })).status).toBe(404);
  });
});
