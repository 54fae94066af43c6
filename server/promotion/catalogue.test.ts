/** Products, poster templates and materials: services and console procedures (the public API's product routes: server/rest/routes/products.test.ts). */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { joinWithNewAccount } from "@/server/tenancy/staff";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function brand(name = "Brand") {
  const b = await createBrandFixture(t, name);
  const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
  return { ...b, caller };
}

describe("products in the console", () => {
  it("create, search, page, update, archive and restore", async () => {
    const b = await brand();
    for (let i = 1; i <= 25; i++) {
      await b.caller.products.create({
        sku: `SKU-${i}`,
        name: i % 2 ? `乌龙茶 ${i}` : `绿茶 ${i}`,
        priceFen: i * 100,
        category: "茶",
      });
    }
    const page1 = await b.caller.products.list({ page: 1, pageSize: 10 });
    expect(page1.total).toBe(25);
    expect(page1.items).toHaveLength(10);
    expect(page1.items[0]!.sku).toBe("SKU-25");
    const page3 = await b.caller.products.list({ page: 3, pageSize: 10 });
    expect(page3.items.map((p) => p.sku)).toEqual(["SKU-5", "SKU-4", "SKU-3", "SKU-2", "SKU-1"]);
    expect((await b.caller.products.list({ search: "乌龙" })).total).toBe(13);
    expect((await b.caller.products.list({ search: "sku-1" })).total).toBe(11);
    expect((await b.caller.products.list({ search: "%" })).total).toBe(0);

    const p = page1.items[0]!;
    const updated = await b.caller.products.update({
      id: p.id,
      sku: p.sku,
      name: "大红袍",
      priceFen: 29900,
      imageUrl: "/tea.png",
    });
    expect(updated).toMatchObject({
      name: "大红袍",
      priceFen: 29900,
      imageUrl: "/tea.png",
      category: null,
    });
    await b.caller.products.archive({ id: p.id });
    expect((await b.caller.products.list({})).total).toBe(24);
    expect((await b.caller.products.list({ status: "archived" })).items.map((x) => x.id)).toEqual([
      p.id,
    ]);
    await b.caller.products.restore({ id: p.id });
    expect((await b.caller.products.list({ status: "all" })).total).toBe(25);
  });

  it("SKUs are unique per brand (a field error), prices are whole fen", async () => {
    const b = await brand();
    await b.caller.products.create({ sku: "A-1", name: "A", priceFen: 1 });
    const dup = await b.caller.products
      .create({ sku: "A-1", name: "B", priceFen: 1 })
      .catch((e: unknown) => e);
    expect((dup as TRPCError).code).toBe("CONFLICT");
    expect(await outcomeOf(b.caller.products.create({ sku: "A-2", name: "B", priceFen: 1.5 }))).toBe(
      "BAD_REQUEST",
    );
    expect(await outcomeOf(b.caller.products.create({ sku: "A-3", name: "B", priceFen: -1 }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await outcomeOf(
        b.caller.products.create({
          sku: "A-4",
          name: "B",
          priceFen: 1,
          imageUrl: "javascript:alert(1)",
        }),
      ),
    ).toBe("BAD_REQUEST");
    // Audited.
    const actions = rowsOf<{ action: string }>(
      await withTenant(t.db, b.tenantId, (tx) =>
        tx.execute(sql`select action from audit_logs where action like 'product.%'`),
      ),
    );
    expect(actions).toEqual([{ action: "product.create" }]);
  });
});

describe("poster templates and materials in the console", () => {
  it("the first template is the default; set default moves it; archiving hides it", async () => {
    const b = await brand();
    const t1 = await b.caller.posterTemplates.create({
      name: "经典",
      textColor: "#ffffff",
      accentColor: "#dc2626",
    });
    const t2 = await b.caller.posterTemplates.create({
      name: "双11",
      headline: "狂欢价",
      textColor: "#111111",
      accentColor: "#f59e0b",
      backgroundUrl: "/bg.png",
    });
    expect(t1.isDefault).toBe(true);
    expect(t2.isDefault).toBe(false);
    expect(t2.layout).toEqual({
      width: 750,
      height: 1334,
      textColor: "#111111",
      accentColor: "#f59e0b",
    });
    await b.caller.posterTemplates.setDefault({ id: t2.id });
    expect((await b.caller.posterTemplates.list()).map((x) => [x.name, x.isDefault])).toEqual([
      ["双11", true],
      ["经典", false],
    ]);
    await b.caller.posterTemplates.update({
      id: t1.id,
      name: "经典红",
      textColor: "#ffffff",
      accentColor: "#b91c1c",
    });
    await b.caller.posterTemplates.archive({ id: t2.id });
    expect((await b.caller.posterTemplates.list()).map((x) => x.name)).toEqual(["经典红"]);
    expect(await b.caller.posterTemplates.list({ includeArchived: true })).toHaveLength(2);
    expect(await outcomeOf(b.caller.posterTemplates.setDefault({ id: t2.id }))).toBe("NOT_FOUND");
    expect(
      await outcomeOf(
        b.caller.posterTemplates.create({ name: "x", textColor: "red", accentColor: "#000000" }),
      ),
    ).toBe("BAD_REQUEST");
  });

  it("materials: copy needs a body, images an image; list by kind and product", async () => {
    const b = await brand();
    const p = await b.caller.products.create({ sku: "M-1", name: "乌龙茶", priceFen: 100 });
    await b.caller.materials.create({ kind: "copy", title: "通用", body: "好茶推荐给你" });
    const forP = await b.caller.materials.create({
      kind: "copy",
      title: "乌龙",
      body: "高山乌龙",
      productId: p.id,
    });
    await b.caller.materials.create({ kind: "image", title: "主图", imageUrl: "/tea.png" });
    expect(await outcomeOf(b.caller.materials.create({ kind: "copy", title: "空" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await outcomeOf(b.caller.materials.create({ kind: "image", title: "无图" }))).toBe(
      "BAD_REQUEST",
    );
    const copies = await b.caller.materials.list({ kind: "copy" });
    expect(copies.items.map((m) => [m.title, m.productName])).toEqual([
      ["乌龙", "乌龙茶"],
      ["通用", null],
    ]);
    expect((await b.caller.materials.list({})).total).toBe(3);
    await b.caller.materials.archive({ id: forP.id });
    expect((await b.caller.materials.list({ productId: p.id })).items.map((m) => m.title)).toEqual([
      "主图",
      "通用",
    ]);
    expect(await outcomeOf(b.caller.materials.archive({ id: forP.id }))).toBe("NOT_FOUND");
  });

  it("read-only roles can list but not change", async () => {
    const b = await brand();
    const { caller: owner } = await staffCaller(t, b.ownerUserId, b.tenantId);
    const inv = await owner.staff.invite({ email: `fin@${b.slug}.test`, role: "finance" });
    const token = inv.link.split("/").pop()!;
    const accepted = await joinWithNewAccount(t.db, {
      slug: b.slug,
      token,
      name: "Fin",
      password: "correct-horse-42",
    });
    const { caller: finance } = await staffCaller(t, accepted.userId, b.tenantId);
    expect((await finance.products.list({})).total).toBe(0);
    expect(await outcomeOf(finance.products.create({ sku: "F", name: "F", priceFen: 1 }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await outcomeOf(
        finance.posterTemplates.create({ name: "F", textColor: "#ffffff", accentColor: "#000000" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await outcomeOf(finance.materials.create({ kind: "copy", title: "F", body: "F" }))).toBe(
      "FORBIDDEN",
    );
  });

  it("brand A's staff cannot touch brand B's products, templates or materials", async () => {
    const a = await brand("Brand A");
    const b = await brand("Brand B");
    const p = await b.caller.products.create({ sku: "B-1", name: "B", priceFen: 100 });
    const tpl = await b.caller.posterTemplates.create({
      name: "B",
      textColor: "#ffffff",
      accentColor: "#000000",
    });
    const m = await b.caller.materials.create({ kind: "copy", title: "B", body: "B" });
    const calls = [
      () => a.caller.products.update({ id: p.id, sku: "B-1", name: "hacked", priceFen: 1 }),
      () => a.caller.products.archive({ id: p.id }),
      () => a.caller.products.restore({ id: p.id }),
      () =>
        a.caller.posterTemplates.update({
          id: tpl.id,
          name: "hacked",
          textColor: "#ffffff",
          accentColor: "#000000",
        }),
      () => a.caller.posterTemplates.setDefault({ id: tpl.id }),
      () => a.caller.posterTemplates.archive({ id: tpl.id }),
      () => a.caller.materials.archive({ id: m.id }),
      () => a.caller.materials.create({ kind: "copy", title: "x", body: "x", productId: p.id }),
    ];
    for (const call of calls) expect(["NOT_FOUND", "FORBIDDEN"]).toContain(await outcomeOf(call()));
    expect((await b.caller.products.list({})).items.map((x) => [x.name, x.status])).toEqual([
      ["B", "active"],
    ]);
    expect((await b.caller.posterTemplates.list()).map((x) => [x.name, x.isDefault])).toEqual([
      ["B", true],
    ]);
    expect((await b.caller.materials.list({})).total).toBe(1);
    expect((await a.caller.products.list({ status: "all" })).total).toBe(0);
  });
});
