/**
 * The order contract of the public API (DESIGN.md "Public API v1" → Orders), shared by the REST
 * routes, file import and the console. Field names are the contract; objects are strict, so an
 * unknown or misspelt field is named in the 400 rather than silently ignored.
 */
import { z } from "zod";
import { ORDER_CHANNELS } from "@/db/schema/orders";
import { IDENTITY_KINDS } from "@/server/network/identity";
import { normalisePhone } from "@/server/portal/phone";

/** ¥100,000,000 per line: far above any real line, and small enough that fen × basis points stays exact. */
export const MAX_LINE_FEN = 10_000_000_000;
export const MAX_QUANTITY = 1_000_000;
export const MAX_ITEMS = 200;
export const MAX_BATCH = 1000;

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });

export const channelSchema = z.enum(ORDER_CHANNELS);

export const buyerIdentitySchema = z
  .strictObject({ kind: z.enum(IDENTITY_KINDS), value: text(200) })
  .refine((i) => i.kind !== "phone" || normalisePhone(i.value) !== null, {
    path: ["value"],
    params: { key: "invalid_format", detail: "is not a mainland China mobile number" },
  });

export const orderItemSchema = z.strictObject({
  sku: text(100),
  category: text(100).nullish(),
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
  amountFen: z.number().int().min(0).max(MAX_LINE_FEN),
});

export const orderInputSchema = z
  .strictObject({
    channel: channelSchema,
    externalId: text(128),
    status: z.enum(["paid", "completed", "cancelled"]),
    buyer: z.strictObject({ identities: z.array(buyerIdentitySchema).min(1).max(20) }),
    referralCode: z.string().trim().max(32).nullish(),
    items: z.array(orderItemSchema).min(1).max(MAX_ITEMS),
    paidAt: instant,
    completedAt: instant.nullish(),
    device: z.strictObject({ id: text(200).nullish(), ip: z.union([z.ipv4(), z.ipv6()]).nullish() }).nullish(),
    shippingAddress: z
      .strictObject({
        province: text(40),
        city: text(40),
        district: text(40).nullish(),
        detail: text(300),
        phone: text(40).nullish(),
      })
      .nullish(),
  })
  .superRefine((o, ctx) => {
    // Keys and details in params: the API's problem+json reports them as they are.
    if (o.status === "completed" && !o.completedAt) {
      ctx.addIssue({ code: "custom", path: ["completedAt"], params: { key: "required", detail: "is required when status is completed" } });
    }
    if (o.completedAt && Date.parse(o.completedAt) < Date.parse(o.paidAt)) {
      ctx.addIssue({ code: "custom", path: ["completedAt"], params: { key: "invalid_value", detail: "is before paidAt" } });
    }
    // Refunds name lines by SKU, so a SKU may appear once per order.
    const seen = new Set<string>();
    o.items.forEach((item, i) => {
      if (seen.has(item.sku)) {
        ctx.addIssue({ code: "custom", path: ["items", i, "sku"], params: { key: "duplicate", detail: "appears twice in this order; refunds name lines by SKU" } });
      }
      seen.add(item.sku);
    });
  });
export type OrderInput = z.infer<typeof orderInputSchema>;

export const orderBatchSchema = z.strictObject({ orders: z.array(z.unknown()).min(1) });

export const refundItemSchema = z.strictObject({
  sku: text(100),
  amountFen: z.number().int().min(0).max(MAX_LINE_FEN),
  quantity: z.number().int().min(1).max(MAX_QUANTITY).nullish(),
});

export const orderEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("completed"), at: instant }),
  z.strictObject({ type: z.literal("cancelled"), at: instant }),
  z
    .strictObject({
      type: z.literal("refund"),
      refundId: text(128),
      items: z.array(refundItemSchema).min(1).max(MAX_ITEMS),
      at: instant,
    })
    .superRefine((r, ctx) => {
      const seen = new Set<string>();
      r.items.forEach((item, i) => {
        if (seen.has(item.sku)) ctx.addIssue({ code: "custom", path: ["items", i, "sku"], params: { key: "duplicate", detail: "appears twice in this refund" } });
        seen.add(item.sku);
      });
    }),
]);
export type OrderEvent = z.infer<typeof orderEventSchema>;
