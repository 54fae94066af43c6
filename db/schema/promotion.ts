/** Product catalogue and promotion assets: short links, clicks, poster templates, materials. */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { distributors } from "./distributors";
import { tenants } from "./platform";

/** A product's buy links by channel (validated in server/promotion/buy-links.ts). */
export type ProductBuyLinks = Partial<Record<"tmall" | "jd" | "pdd" | "douyin" | "h5" | "miniProgram", string>>;

export const productStatus = pgEnum("product_status", ["active", "archived"]);
export const materialKind = pgEnum("material_kind", ["image", "copy"]);

export const products = pgTable(
  "products",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    sku: text().notNull(),
    name: text().notNull(),
    category: text(),
    priceFen: bigint({ mode: "number" }).notNull(),
    imageUrl: text(),
    /** Per-channel item links for the buyer page (server/promotion/buy-links.ts validates them). */
    buyLinks: jsonb().$type<ProductBuyLinks>().notNull().default({}),
    status: productStatus().notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "products_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("products_sku_key").on(t.tenantId, t.sku),
    check("products_price_nonneg", sql`${t.priceFen} >= 0`),
  ],
);

/**
 * A distributor's short link, optionally for one product. `code` is globally unique through
 * the platform routing table short_codes (the redirect knows no tenant yet).
 */
export const shortLinks = pgTable(
  "short_links",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    code: text().notNull(),
    distributorId: uuid().notNull(),
    productId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "short_links_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("short_links_code_key").on(t.tenantId, t.code),
    uniqueIndex("short_links_target_key")
      .on(t.tenantId, t.distributorId, sql`coalesce(${t.productId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    tenantForeignKey(
      "short_links_distributor_fk",
      t,
      t.distributorId,
      distributors,
    ).onDelete("cascade"),
    tenantForeignKey("short_links_product_fk", t, t.productId, products),
  ],
);

/** Platform routing table: short code → tenant and link. On the platform allow-list. */
export const shortCodes = pgTable(
  "short_codes",
  {
    code: text().primaryKey(),
    tenantRef: uuid()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    linkId: uuid().notNull(),
  },
  (t) => [
    foreignKey({
      name: "short_codes_link_fk",
      columns: [t.tenantRef, t.linkId],
      foreignColumns: [shortLinks.tenantId, shortLinks.id],
    }).onDelete("cascade"),
  ],
);

export const linkClicks = pgTable(
  "link_clicks",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    shortLinkId: uuid().notNull(),
    distributorId: uuid().notNull(),
    /** First-party device cookie (fx_did), so a later sign-in on this device can bind. */
    deviceId: text(),
    ipHash: text(),
    userAgent: text(),
    /** How the visitor came: link, qr or poster (from the `via` query parameter). */
    via: text().notNull().default("link"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "link_clicks_pkey", columns: [t.tenantId, t.id] }),
    index("link_clicks_device_idx").on(t.tenantId, t.deviceId, t.createdAt),
    index("link_clicks_distributor_idx").on(t.tenantId, t.distributorId, t.createdAt),
    index("link_clicks_link_idx").on(t.tenantId, t.shortLinkId),
    // The console's "visits today / this week" over the whole brand.
    index("link_clicks_created_idx").on(t.tenantId, t.createdAt),
    tenantForeignKey("link_clicks_link_fk", t, t.shortLinkId, shortLinks).onDelete("cascade"),
    tenantForeignKey("link_clicks_distributor_fk", t, t.distributorId, distributors),
  ],
);

export interface PosterLayout {
  /** Canvas size in px. */
  width: number;
  height: number;
  /** Colours for the text and the card behind it. */
  textColor: string;
  accentColor: string;
}

export const posterTemplates = pgTable(
  "poster_templates",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    name: text().notNull(),
    backgroundUrl: text(),
    headline: text(),
    layout: jsonb().$type<PosterLayout>().notNull(),
    isDefault: boolean().notNull().default(false),
    archivedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "poster_templates_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("poster_templates_default_key")
      .on(t.tenantId)
      .where(sql`${t.isDefault} and ${t.archivedAt} is null`),
  ],
);

export const promotionMaterials = pgTable(
  "promotion_materials",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    kind: materialKind().notNull(),
    title: text().notNull(),
    body: text(),
    imageUrl: text(),
    productId: uuid(),
    archivedAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "promotion_materials_pkey", columns: [t.tenantId, t.id] }),
    index("promotion_materials_created_idx").on(t.tenantId, t.createdAt),
    tenantForeignKey("promotion_materials_product_fk", t, t.productId, products),
  ],
);

