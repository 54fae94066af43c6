/**
 * The demo brand's product catalogue, so per-product short links and posters can be tried on
 * the first start. No images: the demo must work offline, and posters render without one.
 */
import type { Tx } from "@/db/client";
import { createProduct } from "./products";

const SYSTEM = { type: "system", id: null } as const;

export const DEMO_PRODUCTS = [
  { sku: "HB-TEA-250", name: "明前龙井 250g", category: "茶叶", priceFen: 16_800 },
  { sku: "HB-TEA-GIFT", name: "龙井礼盒 2×125g", category: "茶叶", priceFen: 29_900 },
  { sku: "HB-HONEY-500", name: "洋槐蜂蜜 500g", category: "滋补", priceFen: 6_800 },
  { sku: "HB-GOJI-300", name: "宁夏枸杞 300g", category: "滋补", priceFen: 4_900 },
  { sku: "HB-CUP-01", name: "便携玻璃茶杯", category: "茶具", priceFen: 5_900 },
  { sku: "HB-SET-01", name: "旅行茶具套装", category: "茶具", priceFen: 12_800 },
] as const;

export async function seedDemoCatalogue(tx: Tx) {
  for (const p of DEMO_PRODUCTS) await createProduct(tx, SYSTEM, p);
}
