/**
 * Short links: one per distributor (default) and per distributor × product, created lazily.
 * A code is random (never sequential) and globally unique through the platform routing table
 * short_codes, because the redirect must find the brand from the code alone.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Db, Tx } from "@/db/client";
import { products, shortLinks } from "@/db/schema";
import { currentTenantId, firstRow } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { requireDistributor } from "@/server/network/find";
import { keyedHash, randomCode } from "@/server/shared/crypto";

export type ShortLink = typeof shortLinks.$inferSelect;

export const SHORT_CODE_LENGTH = 7;
/** The alphabet randomCode draws from (no 0/O, 1/I/L look-alikes); codes are upper case. */
const CODE_SHAPE = /^[2-9A-HJ-NP-Z]{4,16}$/;
const MAX_CODE_ATTEMPTS = 8;

export const CLICK_VIA = ["link", "qr", "poster"] as const;
export type ClickVia = (typeof CLICK_VIA)[number];

async function findLink(tx: Tx, distributorId: string, productId: string | null) {
  const [row] = await tx
    .select()
    .from(shortLinks)
    .where(
      and(
        eq(shortLinks.distributorId, distributorId),
        productId ? eq(shortLinks.productId, productId) : isNull(shortLinks.productId),
      ),
    );
  return row ?? null;
}

/**
 * The distributor's link (for one product when `productId` is given): the existing one, or a
 * new one registered in short_links and short_codes in this same transaction.
 */
export async function ensureShortLink(
  tx: Tx,
  input: { distributorId: string; productId?: string | null },
): Promise<ShortLink> {
  const productId = input.productId ?? null;
  const existing = await findLink(tx, input.distributorId, productId);
  if (existing) return existing;

  await requireDistributor(tx, input.distributorId);
  if (productId) {
    // Its id only: getProduct would read the whole row, image data: URL included.
    const [p] = await tx
      .select({ id: products.id })
      .from(products)
      .where(eq(products.id, productId));
    if (!p) throw new AppError("NOT_FOUND", "Product not found.");
  }

  const tenantId = await currentTenantId(tx);
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const code = randomCode(SHORT_CODE_LENGTH);
    const [link] = await tx
      .insert(shortLinks)
      .values({ tenantId, id: uuidv7(), code, distributorId: input.distributorId, productId })
      .onConflictDoNothing()
      .returning();
    if (!link) {
      // A concurrent request created this target's link first (or, rarely, the code is taken
      // in this brand): use theirs, or draw again.
      const winner = await findLink(tx, input.distributorId, productId);
      if (winner) return winner;
      continue;
    }
    // Reserve the code platform-wide (a platform function: the runtime role cannot write
    // short_codes). Taken by another brand (rare): drop this link and draw again.
    const registered = firstRow<{ ok: boolean }>(
      await tx.execute(sql`select fx_register_short_code(${link.id}) as ok`),
    );
    if (registered?.ok) return link;
    await tx.delete(shortLinks).where(and(eq(shortLinks.tenantId, tenantId), eq(shortLinks.id, link.id)));
  }
  throw new AppError("SERVICE_UNAVAILABLE", "Could not allocate a short link code; please retry.");
}

/**
 * The public URL of a code; `via` says where it is printed (QR code, poster). `origin` comes
 * from appOrigin() (server/shared/app-url.ts), with the request when there is one.
 */
export function shortLinkUrl(code: string, via: ClickVia | undefined, origin: string): string {
  const base = `${origin.replace(/\/+$/, "")}/s/${code}`;
  return via && via !== "link" ? `${base}?via=${via}` : base;
}

/** Longer user agents are cut: the column is evidence, not an archive. */
export const MAX_USER_AGENT = 300;

export interface FollowInput {
  code: string;
  deviceId: string;
  /** Raw client IP; only its keyed hash is stored. */
  ip: string | null;
  userAgent: string | null;
  via: ClickVia;
}

export interface FollowedLink {
  landingUrl: string | null;
  landingVerifiedHost: string | null;
  brandSlug: string;
  distributorCode: string;
  sku: string | null;
}

/**
 * The redirect's hot path: resolves the code and records the click in one statement through
 * the platform function fx_follow_short_link. Null for an unknown code or an inactive
 * distributor (then nothing is recorded). Always current: no cache to go stale.
 */
export async function followShortLink(db: Db, input: FollowInput): Promise<FollowedLink | null> {
  const code = input.code.trim().toUpperCase();
  if (!CODE_SHAPE.test(code)) return null;
  const ipHash = input.ip && input.ip !== "unknown" ? keyedHash(input.ip, "ip") : null;
  const userAgent = input.userAgent ? input.userAgent.slice(0, MAX_USER_AGENT) : null;
  const row = firstRow<{
    landing_url: string | null;
    landing_verified_host: string | null;
    brand_slug: string;
    distributor_code: string;
    product_sku: string | null;
  }>(
    await db.execute(
      sql`select * from fx_follow_short_link(${code}, ${uuidv7()}, ${input.deviceId}, ${ipHash}, ${userAgent}, ${input.via})`,
    ),
  );
  return row
    ? {
        landingUrl: row.landing_url,
        landingVerifiedHost: row.landing_verified_host,
        brandSlug: row.brand_slug,
        distributorCode: row.distributor_code,
        sku: row.product_sku,
      }
    : null;
}
