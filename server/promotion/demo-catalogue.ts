/**
 * The demo brand's product catalogue, so per-product short links and posters can be tried on
 * the first start. Pictures are drawn here (server/promotion/demo-images.ts, the demo works
 * offline) and kept in the app's storage like any upload.
 */
import type { Tx } from "@/db/client";
import { currentTenantId } from "@/db/tenant";
import { appStorage, type StorageDriver } from "@/server/storage";
import { mediaUrl, newObjectKey } from "@/server/storage/keys";
import { demoProductImage, type DemoShape } from "./demo-images";
import { createProduct } from "./products";

const SYSTEM = { type: "system", id: null } as const;

export const DEMO_PRODUCTS = [
  { sku: "HB-TEA-250", name: "明前龙井 250g", category: "茶叶", priceFen: 16_800, shape: "tin" },
  { sku: "HB-TEA-GIFT", name: "龙井礼盒 2×125g", category: "茶叶", priceFen: 29_900, shape: "box" },
  { sku: "HB-HONEY-500", name: "洋槐蜂蜜 500g", category: "滋补", priceFen: 6_800, shape: "jar" },
  { sku: "HB-GOJI-300", name: "宁夏枸杞 300g", category: "滋补", priceFen: 4_900, shape: "jar" },
  { sku: "HB-CUP-01", name: "便携玻璃茶杯", category: "茶具", priceFen: 5_900, shape: "cup" },
  { sku: "HB-SET-01", name: "旅行茶具套装", category: "茶具", priceFen: 12_800, shape: "box" },
] as const satisfies readonly { sku: string; name: string; category: string; priceFen: number; shape: DemoShape }[];

export async function seedDemoCatalogue(tx: Tx, storage: StorageDriver = appStorage()) {
  const tenantId = await currentTenantId(tx);
  for (const [i, { shape, ...p }] of DEMO_PRODUCTS.entries()) {
    const key = newObjectKey(tenantId, "public", "webp");
    await storage.put(key, await demoProductImage({ sku: p.sku, name: p.name, shape }), "image/webp");
    // Made-up item numbers on the real item hosts, so the buyer landing shows its "buy on …"
    // buttons (each carrying fx_ref) on first start; a brand enters its own in the console.
    const buyLinks = {
      tmall: `https://detail.tmall.com/item.htm?id=${680_000_000_001 + i}`,
      jd: `https://item.jd.com/${100_000_001 + i}.html`,
    };
    await createProduct(tx, SYSTEM, { ...p, imageUrl: mediaUrl(key), buyLinks });
  }
}
