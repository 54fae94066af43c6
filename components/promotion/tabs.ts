/** The promotion section's tabs (console). Reads need distributors.read, changes distributors.manage. */
export const PROMOTION_TABS = [
  { id: "products", href: "/console/promotion/products" },
  { id: "posters", href: "/console/promotion/posters" },
  { id: "materials", href: "/console/promotion/materials" },
] as const;
