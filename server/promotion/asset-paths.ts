/** Paths of the signed-in distributor's QR code and poster (app/d/[brandSlug]/promote/*). Pure. */
export type PromoteAsset = "qr.png" | "qr.svg" | "poster.png";

export function promoteAssetPath(
  slug: string,
  asset: PromoteAsset,
  opts: { product?: string | null; template?: string | null; download?: boolean } = {},
): string {
  const q = new URLSearchParams();
  if (opts.product) q.set("product", opts.product);
  if (opts.template) q.set("template", opts.template);
  if (opts.download) q.set("download", "1");
  const query = q.toString();
  return `/d/${encodeURIComponent(slug)}/promote/${asset}${query ? `?${query}` : ""}`;
}
