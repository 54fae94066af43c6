/**
 * The signed-in distributor's QR code (PNG / SVG) and poster (PNG), served by
 * app/d/[brandSlug]/promote/*. Authenticated by the portal session cookie; the session's brand
 * must be the brand in the path. The tenant transaction only gathers data: images are fetched
 * and drawn after it has committed.
 */
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { appDatabase } from "@/server/db";
import { AppError } from "@/server/errors";
import { getPortalBrand } from "@/server/portal/brand";
import { getPortalSession, PORTAL_COOKIE } from "@/server/portal/portal-session";
import { errorResponse } from "@/server/rest/problem";
import { readCookie } from "@/server/shared/request";
import type { PromoteAsset } from "./asset-paths";
import { renderPoster } from "./poster";
import { loadPromoteAssets } from "./promoter";
import { qrPng, qrSvg } from "./qr";
import { appOrigin } from "@/server/shared/app-url";
import { shortLinkUrl } from "./short-links";
import { localeOf, promotionTexts } from "./texts";
import { isUuid } from "@/db/ids";


function uuidParam(url: URL, name: string): string | null {
  const v = url.searchParams.get(name);
  if (!v) return null;
  if (!isUuid(v)) throw new AppError("NOT_FOUND", "Not found.");
  return v;
}

const CONTENT_TYPE: Record<PromoteAsset, string> = {
  "qr.png": "image/png",
  "qr.svg": "image/svg+xml",
  "poster.png": "image/png",
};

export function promoteAssetRoute(
  asset: PromoteAsset,
  getDatabase: () => Promise<Database> = appDatabase,
) {
  return async (
    req: Request,
    route: { params: Promise<{ brandSlug: string }> },
  ): Promise<Response> => {
    try {
      const { brandSlug } = await route.params;
      const { db } = await getDatabase();
      const session = await getPortalSession(
        db,
        readCookie(req.headers.get("cookie"), PORTAL_COOKIE),
      );
      if (!session) throw new AppError("UNAUTHORIZED", "Please sign in with your phone number.");

      const url = new URL(req.url);
      const forPoster = asset === "poster.png";
      // The brand is a platform row, readable in the member's tenant transaction: one transaction.
      const { brand, data } = await withTenant(db, session.tenantId, async (tx) => {
        const brand = await getPortalBrand(tx, brandSlug);
        if (brand.tenantId !== session.tenantId)
          throw new AppError("UNAUTHORIZED", "Please sign in with your phone number.");
        const productId = uuidParam(url, "product");
        const templateId = uuidParam(url, "template");
        const data = await loadPromoteAssets(tx, session.memberId, {
          productId,
          templateId,
          forPoster,
        });
        return { brand, data };
      });

      const origin = appOrigin(req.headers);
      let body: Buffer | string;
      if (asset === "qr.svg") body = await qrSvg(shortLinkUrl(data.link.code, "qr", origin));
      else if (asset === "qr.png") body = await qrPng(shortLinkUrl(data.link.code, "qr", origin));
      else {
        const t = promotionTexts(localeOf(req.headers)).poster;
        body = await renderPoster({
          url: shortLinkUrl(data.link.code, "poster", origin),
          template: data.template,
          brandName: data.brandName,
          distributor: { name: data.promoter.name },
          product: data.product,
          labels: { recommends: t.recommends, scan: t.scan, tagline: t.tagline },
        });
      }

      const headers = new Headers({
        "content-type": CONTENT_TYPE[asset],
        // Per person and cheap to redraw, but not free: let the phone keep it for a while.
        "cache-control": "private, max-age=300",
        "x-content-type-options": "nosniff",
      });
      if (url.searchParams.get("download") === "1") {
        const name = `${brand.slug}-${data.link.code}-${asset.replace(".", "-")}.${asset.split(".")[1]}`;
        headers.set("content-disposition", `attachment; filename="${name}"`);
      }
      return new Response(typeof body === "string" ? body : new Uint8Array(body), {
        status: 200,
        headers,
      });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
