import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { distributors, shortCodes, shortLinks } from "@/db/schema";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { createBrandFixture } from "@/server/testing/fixtures";
import { createProduct } from "./products";
import { ensureShortLink, followShortLink, SHORT_CODE_LENGTH, shortLinkUrl } from "./short-links";
import { createTestDistributor } from "./testing";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
const actor = { type: "system" as const, id: null };

describe("short links", () => {
  it("are created once per distributor (and per product), then returned as they are", async () => {
    const b = await createBrandFixture(t);
    const d = await createTestDistributor(t, b.tenantId);
    const product = await withTenant(t.db, b.tenantId, (tx) =>
      createProduct(tx, actor, { sku: "TEA-1", name: "乌龙茶", priceFen: 12990 }),
    );
    const [first, again, perProduct, perProductAgain] = await withTenant(
      t.db,
      b.tenantId,
      async (tx) => [
        await ensureShortLink(tx, { distributorId: d.id }),
        await ensureShortLink(tx, { distributorId: d.id }),
        await ensureShortLink(tx, { distributorId: d.id, productId: product.id }),
        await ensureShortLink(tx, { distributorId: d.id, productId: product.id }),
      ],
    );
    expect(again).toEqual(first);
    expect(perProductAgain).toEqual(perProduct);
    expect(perProduct.code).not.toBe(first.code);
    expect(perProduct.productId).toBe(product.id);
    // Registered in the platform routing table too, pointing at the link.
    const routed = await withPlatform(t.db, (tx) =>
      tx.select().from(shortCodes).where(eq(shortCodes.code, first.code)),
    );
    expect(routed).toEqual([{ code: first.code, tenantRef: b.tenantId, linkId: first.id }]);
  });

  it("get random, unambiguous, unique codes", async () => {
    const b = await createBrandFixture(t);
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const d = await createTestDistributor(t, b.tenantId);
      codes.push(
        (await withTenant(t.db, b.tenantId, (tx) => ensureShortLink(tx, { distributorId: d.id })))
          .code,
      );
    }
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[2-9A-HJ-NP-Z]{${SHORT_CODE_LENGTH}}$`));
    // Not sequential: consecutive codes share no long common prefix.
    const sharedPrefix = codes.slice(1).filter((c, i) => c.slice(0, 4) === codes[i]!.slice(0, 4));
    expect(sharedPrefix.length).toBeLessThan(3);
  });

  it("refuse other brands' distributors and products", async () => {
    const a = await createBrandFixture(t);
    const b = await createBrandFixture(t);
    const dA = await createTestDistributor(t, a.tenantId);
    const dB = await createTestDistributor(t, b.tenantId);
    const pB = await withTenant(t.db, b.tenantId, (tx) =>
      createProduct(tx, actor, { sku: "B-1", name: "B", priceFen: 1 }),
    );
    for (const input of [{ distributorId: dB.id }, { distributorId: dA.id, productId: pB.id }]) {
      const e = await withTenant(t.db, a.tenantId, (tx) => ensureShortLink(tx, input)).catch(
        (x: unknown) => x,
      );
      expect((e as AppError).code).toBe("NOT_FOUND");
    }
  });

  it("are followed by code before the tenant is known, recording the click in the right brand", async () => {
    const b = await createBrandFixture(t);
    const d = await createTestDistributor(t, b.tenantId, { code: "REF12345" });
    const link = await withTenant(t.db, b.tenantId, (tx) =>
      ensureShortLink(tx, { distributorId: d.id }),
    );
    const followed = await followShortLink(t.db, {
      code: link.code.toLowerCase(),
      deviceId: "device-1",
      ip: "203.0.113.7",
      userAgent: "UA",
      via: "qr",
    });
    expect(followed).toEqual({ landingUrl: null, landingVerifiedHost: null, brandSlug: b.slug, distributorCode: "REF12345", sku: null });
    const clicks = await withTenant(t.db, b.tenantId, async (tx) =>
      rowsOf<{ device_id: string; via: string; ip_hash: string }>(
        await tx.execute(sql`select device_id, via, ip_hash from link_clicks`),
      ),
    );
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ device_id: "device-1", via: "qr" });
    expect(clicks[0]!.ip_hash).not.toContain("203.0.113.7");
    for (const bad of ["ZZZZZZZ", "../../etc"]) {
      expect(await followShortLink(t.db, { code: bad, deviceId: "d", ip: null, userAgent: null, via: "link" })).toBeNull();
    }
    // The app role sees no short_links without a tenant.
    const visible = await withPlatform(t.db, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${shortLinks}`)),
    );
    expect(visible[0]!.n).toBe(0);
  });

  it("stop at once when the distributor is frozen, recording nothing", async () => {
    const b = await createBrandFixture(t);
    const d = await createTestDistributor(t, b.tenantId);
    const link = await withTenant(t.db, b.tenantId, (tx) =>
      ensureShortLink(tx, { distributorId: d.id }),
    );
    const follow = () => followShortLink(t.db, { code: link.code, deviceId: "d2", ip: null, userAgent: null, via: "link" });
    expect(await follow()).not.toBeNull();
    await withTenant(t.db, b.tenantId, (tx) =>
      tx.update(distributors).set({ status: "frozen" }).where(eq(distributors.id, d.id)),
    );
    expect(await follow()).toBeNull();
    const clicks = await withTenant(t.db, b.tenantId, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from link_clicks`)),
    );
    expect(clicks[0]!.n).toBe(1);
  });

  it("print as APP_URL/s/<code>, with ?via= for QR codes and posters", () => {
    expect(shortLinkUrl("ABC2345", undefined, "https://fx.example.com/")).toBe(
      "https://fx.example.com/s/ABC2345",
    );
    expect(shortLinkUrl("ABC2345", "qr", "https://fx.example.com")).toBe(
      "https://fx.example.com/s/ABC2345?via=qr",
    );
  });
});
