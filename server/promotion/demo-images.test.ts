import { describe, expect, it } from "vitest";
import { readImageHeader } from "./image-size";
import { DEMO_PRODUCTS } from "./demo-catalogue";
import { demoProductImage } from "./demo-images";

describe("demo product pictures", () => {
  it("are 800 × 800 WebP pictures, the same every time for a product, different between products", async () => {
    const [a, b] = DEMO_PRODUCTS;
    const first = await demoProductImage({ sku: a.sku, name: a.name, shape: a.shape });
    expect(readImageHeader(first)).toEqual({ format: "webp", width: 800, height: 800 });
    expect((await demoProductImage({ sku: a.sku, name: a.name, shape: a.shape })).equals(first)).toBe(true);
    expect((await demoProductImage({ sku: b.sku, name: b.name, shape: b.shape })).equals(first)).toBe(false);
  });
});
