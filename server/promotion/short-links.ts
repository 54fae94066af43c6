/**
 * Short links: one per distributor (default) and per distributor × product, created lazily.
 * A code is random (never sequential) and globally unique through the platform routing table
 * short_codes, because the redirect must find the brand from the code alone.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Db, Tx } from "@/db/client";
import { distributors, products, shortCodes, shortLinks } from "@/db/schema";
import { currentTenantId, firstRow, withPlatform, withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { env } from "@/server/env";
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

  const [d] = await tx
    .select({ id: distributors.id })
    .from(distributors)
    .where(eq(distributors.id, input.distributorId));
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  if (productId) {
    const [p] = await tx
      .select({ id: products.id })
      .from(products)
      .where(eq(products.id, productId));
    if (!p) throw new AppError("NOT_FOUND", "Product not found.");
  }

  const tenantId = await currentTenantId(tx);
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const code = randomCode(SHORT_CODE_LENGTH);
    const id = uuidv7();
    // Reserve the code platform-wide first; a taken code (rare) just means drawing again.
    const reserved = await tx
      .insert(shortCodes)
      .values({ code, tenantRef: tenantId, linkId: id })
      .onConflictDoNothing()
      .returning({ code: shortCodes.code });
    if (!reserved.length) continue;
    const [link] = await tx
      .insert(shortLinks)
      .values({ tenantId, id, code, distributorId: input.distributorId, productId })
      .onConflictDoNothing()
      .returning();
    if (link) return link;
    // A concurrent request created this target's link first: release our code, use theirs.
    await tx.delete(shortCodes).where(eq(shortCodes.code, code));
    const winner = await findLink(tx, input.distributorId, productId);
    if (winner) return winner;
  }
  throw new AppError("SERVICE_UNAVAILABLE", "Could not allocate a short link code; please retry.");
}

/** The public URL of a code; `via` says where it is printed (QR code, poster). */
export function shortLinkUrl(code: string, via?: ClickVia, appUrl: string = env.APP_URL): string {
  const base = `${appUrl.replace(/\/+$/, "")}/s/${code}`;
  return via && via !== "link" ? `${base}?via=${via}` : base;
}

export interface ResolvedShortCode {
  tenantId: string;
  linkId: string;
  distributorId: string;
  productId: string | null;
  distributorCode: string;
  distributorStatus: string;
  landingUrl: string | null;
  brandSlug: string;
}

/** Code → brand, link, distributor and landing URL, before any tenant is known. */
export async function resolveShortCode(db: Db, rawCode: string): Promise<ResolvedShortCode | null> {
  const code = rawCode.trim().toUpperCase();
  if (!CODE_SHAPE.test(code)) return null;
  const row = firstRow<{
    tenant_id: string;
    link_id: string;
    distributor_id: string;
    product_id: string | null;
    distributor_code: string;
    distributor_status: string;
    landing_url: string | null;
    brand_slug: string;
  }>(await withPlatform(db, (tx) => tx.execute(sql`select * from fx_resolve_short_code(${code})`)));
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    linkId: row.link_id,
    distributorId: row.distributor_id,
    productId: row.product_id,
    distributorCode: row.distributor_code,
    distributorStatus: row.distributor_status,
    landingUrl: row.landing_url,
    brandSlug: row.brand_slug,
  };
}

export interface ClickInput {
  tenantId: string;
  link: Pick<ResolvedShortCode, "linkId" | "distributorId" | "productId">;
  deviceId: string | null;
  /** Raw client IP; only its keyed hash is stored. */
  ip: string | null;
  userAgent: string | null;
  via: ClickVia;
}

export const MAX_USER_AGENT = 300;

/**
 * Stores one click (IP as a keyed hash, user agent truncated) and, in the same statement,
 * reads the product's SKU for per-product links: one round trip on the redirect's hot path.
 */
export async function recordClick(
  db: Db,
  input: ClickInput,
): Promise<{ productSku: string | null }> {
  const ipHash = input.ip && input.ip !== "unknown" ? keyedHash(input.ip, "ip") : null;
  const userAgent = input.userAgent ? input.userAgent.slice(0, MAX_USER_AGENT) : null;
  const row = await withTenant(db, input.tenantId, async (tx) =>
    firstRow<{ sku: string | null }>(
      await tx.execute(sql`
        with click as (
          insert into link_clicks (tenant_id, id, short_link_id, distributor_id, device_id, ip_hash, user_agent, via)
          values (${input.tenantId}, ${uuidv7()}, ${input.link.linkId}, ${input.link.distributorId},
                  ${input.deviceId}, ${ipHash}, ${userAgent}, ${input.via})
        )
        select (select p.sku from products p where p.id = ${input.link.productId}::uuid) as sku`),
    ),
  );
  return { productSku: row?.sku ?? null };
}
