/**
 * The buyer page behind a short link: the product with its buy buttons carrying the referral,
 * the recommender masked; the brand's own channels without a product; nothing of another
 * brand's (cross-brand: its products and distributors are simply not there).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { products } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { ADMIN, chain } from "@/server/network/test-helpers";
import { createBrandFixture } from "@/server/testing/fixtures";
import { updateBrandProfile } from "@/server/tenancy/settings";
import { createProduct, setProductArchived, updateProduct } from "./products";

let t: Database;
let a: Awaited<ReturnType<typeof createBrandFixture>>;
let b: Awaited<ReturnType<typeof createBrandFixture>>;
let code: string;
let otherBrandCode: string;
const APPID = "wx0123456789abcdef";

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createBrandFixture(t, "Landing A");
  b = await createBrandFixture(t, "Landing B");
  code = (await chain(t.db, a.tenantId, ["张三丰"]))[0]!.code;
  otherBrandCode = (await chain(t.db, b.tenantId, ["Other"]))[0]!.code;
  await withTenant(t.db, a.tenantId, async (tx) => {
    await createProduct(tx, ADMIN, {
      sku: "TEA-1",
      name: "明前龙井 250g",
      priceFen: 16800,
      imageUrl: "/media/x.webp",
      buyLinks: { jd: "https://item.jd.com/100.html", tmall: "https://detail.tmall.com/item.htm?id=7&spm=a" },
    });
    await updateBrandProfile(tx, ADMIN, {
      displayName: "Landing A",
      shopChannels: { h5Url: "https://shop.a.example/", miniProgramAppId: APPID, miniProgramPath: "pages/index/index" },
    });
  });
  await withTenant(t.db, b.tenantId, (tx) => createProduct(tx, ADMIN, { sku: "B-ONLY", name: "B product", priceFen: 1 }));
});
afterAll(async () => t.close());

const anon = async () => createCaller(await createTrpcContext({ database: t, ip: "198.51.100.77" }));

describe("buyer landing", () => {
  it("shows the product, the masked recommender and buy buttons carrying fx_ref", async () => {
    const page = await (await anon()).portalNetwork.buyerLanding({ slug: a.slug, ref: code, sku: "TEA-1" });
    expect(page.product).toEqual({ sku: "TEA-1", name: "明前龙井 250g", priceFen: 16800, imageUrl: "/media/x.webp" });
    expect(page.recommender).toEqual({ name: "张*丰", code });
    expect(page.buttons.map((x) => x.channel)).toEqual(["tmall", "jd", "h5", "miniProgram"]);
    expect(page.buttons[0]!.href).toBe(`https://detail.tmall.com/item.htm?id=7&spm=a&fx_ref=${code}`);
    expect(page.buttons[1]!.href).toBe(`https://item.jd.com/100.html?fx_ref=${code}`);
    expect(decodeURIComponent(page.buttons[3]!.href)).toContain(`fx_ref=${code}`);
  });

  it("without a product: the brand's own channels; an unknown code carries no referral", async () => {
    const page = await (await anon()).portalNetwork.buyerLanding({ slug: a.slug, ref: code });
    expect(page.product).toBeNull();
    expect(page.buttons.map((x) => x.channel)).toEqual(["h5", "miniProgram"]);
    const stranger = await (await anon()).portalNetwork.buyerLanding({ slug: a.slug, ref: "NOPE1234", sku: "TEA-1" });
    expect(stranger.recommender).toBeNull();
    for (const x of stranger.buttons) expect(decodeURIComponent(x.href)).not.toContain("fx_ref");
  });

  it("never shows another brand's product or distributor", async () => {
    const page = await (await anon()).portalNetwork.buyerLanding({ slug: a.slug, ref: otherBrandCode, sku: "B-ONLY" });
    expect(page.product).toBeNull();
    expect(page.recommender).toBeNull();
  });

  it("clearing a product's links leaves the brand's channels; an archived product is not shown", async () => {
    const id = await withTenant(t.db, a.tenantId, async (tx) => {
      const [p] = await tx.select().from(products).where(eq(products.sku, "TEA-1"));
      await updateProduct(tx, ADMIN, p!.id, { sku: "TEA-1", name: "明前龙井 250g", priceFen: 16800, buyLinks: {} });
      return p!.id;
    });
    const page = await (await anon()).portalNetwork.buyerLanding({ slug: a.slug, ref: code, sku: "TEA-1" });
    expect(page.product?.name).toBe("明前龙井 250g");
    expect(page.buttons.map((x) => x.channel)).toEqual(["h5", "miniProgram"]);
    await withTenant(t.db, a.tenantId, (tx) => setProductArchived(tx, ADMIN, id, true));
    expect((await (await anon()).portalNetwork.buyerLanding({ slug: a.slug, ref: code, sku: "TEA-1" })).product).toBeNull();
  });

  it("refuses a link on the wrong host and stores nothing", async () => {
    await expect(
      withTenant(t.db, a.tenantId, (tx) =>
        createProduct(tx, ADMIN, { sku: "BAD", name: "Bad", priceFen: 1, buyLinks: { jd: "https://evil.example/item.jd.com" } }),
      ),
    ).rejects.toMatchObject({ fields: { "buyLinks.jd": "buyLink.wrongHost" } });
  });
});
