/**
 * Server-side reads for the portal pages, through the tRPC server caller (so the same output
 * schemas apply). Cached per request: the layout and the page share one lookup.
 */
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { serverCaller } from "@/components/trpc/server";
import { portalPath } from "./links";
import { signInHref } from "./safe-next";

/** The brand for /d/<slug>; an unknown slug is a 404 page. */
export const loadPortalBrand = cache(async (slug: string) => {
  try {
    return await (await serverCaller()).portal.brand({ slug });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  }
});

/** The signed-in member for this brand's portal, or null (no session, or another brand's). */
export const loadPortalMe = cache(async (slug: string) => {
  try {
    return await (await serverCaller()).portal.me({ slug });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "UNAUTHORIZED") return null;
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

/**
 * The brand and the signed-in member for a page that needs one; without a session the visitor
 * goes to sign-in and comes back to this page.
 */
export async function requirePortalMe(slug: string, page: "team" | "customers" | "promote" | "earnings" | "notifications" | "identity" | "tax" | "withdraw" | "bonus" | "tasks") {
  const brand = await loadPortalBrand(slug);
  const me = await loadPortalMe(slug);
  if (!me) redirect(signInHref(brand.slug, portalPath(brand.slug, page)));
  return { brand, me };
}

/** The active distributor behind an invite / referral code, or null (missing, unknown, inactive). */
export const loadInvite = cache(async (slug: string, code: string | null | undefined) => {
  const trimmed = code?.trim();
  if (!trimmed || trimmed.length > 20) return null;
  try {
    return await (await serverCaller()).portalNetwork.invite({ slug, code: trimmed });
  } catch (e) {
    // Throttled lookups read as "no inviter": the page still works, without the name.
    const unknown = ["NOT_FOUND", "BAD_REQUEST", "TOO_MANY_REQUESTS"];
    if (e instanceof TRPCError && unknown.includes(e.code)) return null;
    throw e;
  }
});

/**
 * The buyer page's product and buy buttons (server/promotion/buyer-landing.ts). Throttled or
 * refused lookups read as "nothing to show": the page still offers the brand.
 */
export const loadBuyerLanding = cache(async (slug: string, ref: string | null, sku: string | null) => {
  try {
    return await (await serverCaller()).portalNetwork.buyerLanding({
      slug,
      ...(ref && ref.length <= 20 ? { ref } : {}),
      ...(sku && sku.length <= 64 ? { sku } : {}),
    });
  } catch (e) {
    const unknown = ["NOT_FOUND", "BAD_REQUEST", "TOO_MANY_REQUESTS"];
    if (e instanceof TRPCError && unknown.includes(e.code)) return { product: null, buttons: [] };
    throw e;
  }
});

/** A single search parameter's value (the first, when repeated). */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
