import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { appOrigin } from "@/server/shared/app-url";
import { createTestDistributor, createTestMember, portalSignIn } from "@/server/promotion/testing";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { createCaller } from "../root";
import { createTrpcContext } from "../trpc";
import { outcomeOf } from "@/server/testing/outcomes";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function brandWithCatalogue(name: string) {
  const b = await createBrandFixture(t, name);
  const { caller: staff } = await staffCaller(t, b.ownerUserId, b.tenantId);
  const product = await staff.products.create({ sku: "TEA-1", name: "乌龙茶", priceFen: 12990 });
  const archived = await staff.products.create({ sku: "OLD-1", name: "旧款", priceFen: 100 });
  await staff.products.archive({ id: archived.id });
  const template = await staff.posterTemplates.create({
    name: "经典",
    textColor: "#ffffff",
    accentColor: "#dc2626",
  });
  await staff.materials.create({ kind: "copy", title: "通用文案", body: "好茶推荐" });
  await staff.materials.create({
    kind: "copy",
    title: "乌龙文案",
    body: "高山乌龙",
    productId: product.id,
  });
  const d = await createTestDistributor(t, b.tenantId, { name: "张小花", code: "ZXH12345" });
  const { caller } = await portalSignIn(t, b.tenantId, d.memberId);
  return { ...b, staff, product, archived, template, d, caller };
}

describe("portal promote procedures", () => {
  it("give an active distributor their link, products, templates and copy", async () => {
    const a = await brandWithCatalogue("Brand A");
    const overview = await a.caller.promote.overview({ slug: a.slug });
    expect(overview).toMatchObject({
      state: "active",
      distributor: { name: "张小花", code: "ZXH12345" },
      templates: [{ id: a.template.id, name: "经典", isDefault: true }],
    });
    if (overview.state !== "active") throw new Error("unreachable");
    expect(overview.link.url).toBe(`${appOrigin()}/s/${overview.link.code}`);
    // Lazily created once: asking again gives the same link.
    const again = await a.caller.promote.overview({ slug: a.slug });
    expect(again).toEqual(overview);

    const perProduct = await a.caller.promote.link({ slug: a.slug, productId: a.product.id });
    expect(perProduct.code).not.toBe(overview.link.code);
    expect(await a.caller.promote.link({ slug: a.slug, productId: a.product.id })).toEqual(
      perProduct,
    );

    const products = await a.caller.promote.products({ slug: a.slug });
    expect(products.items).toEqual([
      { id: a.product.id, name: "乌龙茶", sku: "TEA-1", priceFen: 12990, imageUrl: null },
    ]);
    const materials = await a.caller.promote.materials({ slug: a.slug, productId: a.product.id });
    expect(materials.items.map((m) => m.title)).toEqual(["乌龙文案", "通用文案"]);
    expect(Object.keys(materials.items[0]!).sort()).toEqual([
      "body",
      "id",
      "imageUrl",
      "kind",
      "productName",
      "title",
    ]);
    expect((await a.caller.promote.materials({ slug: a.slug })).items.map((m) => m.title)).toEqual([
      "乌龙文案",
      "通用文案",
    ]);
  });

  it("explain instead of promoting when the member is not an active distributor", async () => {
    const b = await createBrandFixture(t, "Brand N");
    const buyer = await createTestMember(t, b.tenantId);
    const { caller } = await portalSignIn(t, b.tenantId, buyer);
    expect(await caller.promote.overview({ slug: b.slug })).toEqual({ state: "not_distributor" });
    expect(await outcomeOf(caller.promote.products({ slug: b.slug }))).toBe("FORBIDDEN");
    const applied = await createTestDistributor(t, b.tenantId, { status: "applied" });
    const { caller: applicant } = await portalSignIn(t, b.tenantId, applied.memberId);
    expect(await applicant.promote.overview({ slug: b.slug })).toEqual({
      state: "inactive",
      status: "applied",
    });
    expect(await outcomeOf(applicant.promote.materials({ slug: b.slug }))).toBe("FORBIDDEN");
  });

  it("need a signed-in member of the brand in the path, and never show another brand's things", async () => {
    const a = await brandWithCatalogue("Brand A");
    const b = await brandWithCatalogue("Brand B");
    const anonymous = createCaller(
      await createTrpcContext({ database: t, portalCookie: null, ip: "198.51.100.1" }),
    );
    expect(await outcomeOf(anonymous.promote.overview({ slug: a.slug }))).toBe("UNAUTHORIZED");
    // A's session on B's portal.
    expect(await outcomeOf(a.caller.promote.overview({ slug: b.slug }))).toBe("UNAUTHORIZED");
    expect(await outcomeOf(a.caller.promote.products({ slug: b.slug }))).toBe("UNAUTHORIZED");
    expect(await outcomeOf(a.caller.promote.overview({ slug: "no-such-brand" }))).toBe("NOT_FOUND");
    // B's ids on A's own portal.
    expect(await outcomeOf(a.caller.promote.link({ slug: a.slug, productId: b.product.id }))).toBe(
      "NOT_FOUND",
    );
    expect(await outcomeOf(a.caller.promote.link({ slug: a.slug, productId: a.archived.id }))).toBe(
      "NOT_FOUND",
    );
    const materials = await a.caller.promote.materials({ slug: a.slug, productId: b.product.id });
    expect(materials.items.map((m) => m.title)).toEqual(["通用文案"]);
    const products = await a.caller.promote.products({ slug: a.slug });
    expect(products.items.map((p) => p.id)).toEqual([a.product.id]);
  });
});
