import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture } from "@/server/testing/fixtures";
import type { PromoteAsset } from "./asset-paths";
import { promoteAssetRoute } from "./portal-assets";
import { createProduct } from "./products";
import { ensureShortLink } from "./short-links";
import { createTemplate } from "./templates";
import { createTestDistributor, createTestMember, portalSignIn } from "./testing";
import { decodeQrPng, decodeQrSvg, solidPngDataUrl } from "./testing-images";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
const actor = { type: "system" as const, id: null };

function fetchAsset(asset: PromoteAsset, slug: string, cookie: string | null, query = "") {
  // Served on another port without APP_URL: every printed link must follow the request's host.
  const req = new Request(`http://localhost:3950/d/${slug}/promote/${asset}${query}`, {
    headers: { host: "localhost:3950", ...(cookie ? { cookie } : {}) },
  });
  return promoteAssetRoute(asset, () => Promise.resolve(t))(req, {
    params: Promise.resolve({ brandSlug: slug }),
  });
}

async function signedInDistributor() {
  const b = await createBrandFixture(t, "好邦茶业");
  const d = await createTestDistributor(t, b.tenantId, { name: "张小花" });
  const { cookie } = await portalSignIn(t, b.tenantId, d.memberId);
  return { b, d, cookie };
}

describe("the distributor's QR code and poster", () => {
  it("QR PNG and SVG carry the distributor's short link with via=qr", async () => {
    const { b, d, cookie } = await signedInDistributor();
    const png = await fetchAsset("qr.png", b.slug, cookie);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const link = await withTenant(t.db, b.tenantId, (tx) =>
      ensureShortLink(tx, { distributorId: d.id }),
    );
    const expected = `http://localhost:3950/s/${link.code}?via=qr`;
    expect(decodeQrPng(Buffer.from(await png.arrayBuffer()))).toBe(expected);

    const svg = await fetchAsset("qr.svg", b.slug, cookie, "?download=1");
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("content-disposition")).toBe(
      `attachment; filename="${b.slug}-${link.code}-qr-svg.svg"`,
    );
    expect(await decodeQrSvg(await svg.text())).toBe(expected);
  });

  it("the poster is a PNG whose QR code decodes to the per-product short link with via=poster", async () => {
    const { b, d, cookie } = await signedInDistributor();
    const { product, template } = await withTenant(t.db, b.tenantId, async (tx) => ({
      product: await createProduct(tx, actor, {
        sku: "TEA-1",
        name: "有机高山乌龙茶",
        priceFen: 12990,
        imageUrl: solidPngDataUrl("#16a34a"),
      }),
      template: await createTemplate(tx, actor, {
        name: "双11",
        headline: "双11 狂欢价",
        backgroundUrl: null,
        textColor: "#ffffff",
        accentColor: "#dc2626",
      }),
    }));
    const res = await fetchAsset(
      "poster.png",
      b.slug,
      cookie,
      `?product=${product.id}&template=${template.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const link = await withTenant(t.db, b.tenantId, (tx) =>
      ensureShortLink(tx, { distributorId: d.id, productId: product.id }),
    );
    expect(decodeQrPng(Buffer.from(await res.arrayBuffer()))).toBe(
      `http://localhost:3950/s/${link.code}?via=poster`,
    );
  });

  it("needs a portal session of this brand, of an active distributor", async () => {
    const { b, cookie } = await signedInDistributor();
    const other = await signedInDistributor();
    expect((await fetchAsset("qr.png", b.slug, null)).status).toBe(401);
    expect((await fetchAsset("qr.png", b.slug, "fx_portal=garbage")).status).toBe(401);
    // Brand B's session on brand A's page.
    const cross = await fetchAsset("poster.png", b.slug, other.cookie);
    expect(cross.status).toBe(401);
    expect(cross.headers.get("content-type")).toBe("application/problem+json");
    expect((await fetchAsset("qr.png", "no-such-brand", cookie)).status).toBe(404);

    const buyer = await createTestMember(t, b.tenantId);
    expect(
      (await fetchAsset("qr.png", b.slug, (await portalSignIn(t, b.tenantId, buyer)).cookie))
        .status,
    ).toBe(403);
    const frozen = await createTestDistributor(t, b.tenantId, { status: "frozen" });
    expect(
      (
        await fetchAsset(
          "qr.png",
          b.slug,
          (await portalSignIn(t, b.tenantId, frozen.memberId)).cookie,
        )
      ).status,
    ).toBe(403);
  });

  it("refuses other brands' products and templates, and malformed ids", async () => {
    const a = await signedInDistributor();
    const b = await signedInDistributor();
    const { product, template } = await withTenant(t.db, b.b.tenantId, async (tx) => ({
      product: await createProduct(tx, actor, { sku: "B-1", name: "B", priceFen: 100 }),
      template: await createTemplate(tx, actor, {
        name: "B",
        textColor: "#ffffff",
        accentColor: "#000000",
      }),
    }));
    for (const query of [
      `?product=${product.id}`,
      `?template=${template.id}`,
      "?product=not-a-uuid",
    ]) {
      const res = await fetchAsset("poster.png", a.b.slug, a.cookie, query);
      expect(res.status, query).toBe(404);
    }
  });
});
