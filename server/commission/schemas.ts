/**
 * Commission rule input, shared by the console (tRPC) and the public API (REST). Field names are
 * DESIGN.md's contract ("Program and rules"); messages are stable keys that the console shows
 * through "rules.validation" and the API returns in problem+json `errors`.
 */
import { z } from "zod";
import type { CommissionTier, RuleMatch, RuleTierPay } from "@/db/schema/commission";
import { ORDER_CHANNELS } from "@/db/schema/orders";

/** Most entries a match list may hold (a promotion over a catalogue slice, not the catalogue). */
export const MATCH_LIST_MAX = 500;
export const MAX_RATE_BP = 10_000;
/** ¥1,000,000 per unit: far above any real fixed commission, far below overflow. */
export const MAX_FIXED_FEN = 100_000_000;
export const PRIORITY_RANGE = { min: -1000, max: 1000 } as const;

/** A trimmed, non-empty, deduplicated list; `key` prefixes its messages. */
function list<T extends string>(item: z.ZodType<T, string>, key: string) {
  return z
    .array(item, `${key}.invalid`)
    .min(1, `${key}.empty`)
    .max(MATCH_LIST_MAX, `${key}.tooMany`)
    .transform((values) => [...new Set(values)]);
}
const text = (key: string, max: number) =>
  z.string(`${key}.invalid`).trim().min(1, `${key}.itemRequired`).max(max, `${key}.itemTooLong`);

const time = (key: string) => z.iso.datetime({ offset: true, error: `${key}.invalid` });

const hoursSchema = z
  .object(
    {
      from: z
        .number("hours.fromRange")
        .int("hours.fromRange")
        .min(0, "hours.fromRange")
        .max(23, "hours.fromRange"),
      to: z
        .number("hours.toRange")
        .int("hours.toRange")
        .min(1, "hours.toRange")
        .max(24, "hours.toRange"),
    },
    "hours.invalid",
  )
  .refine((h) => h.from !== h.to, { path: ["to"], message: "hours.empty" });

/**
 * Strict, unlike the rest of the input: a misspelt condition ("sku" for "skus") silently
 * dropped would leave a rule that matches every sale.
 */
export const ruleMatchSchema = z
  .strictObject(
    {
      // Limits follow the catalogue's: SKUs up to 64 characters, categories 60, level names 20.
      skus: list(text("skus", 64), "skus").optional(),
      categories: list(text("categories", 60), "categories").optional(),
      levels: list(text("levels", 20), "levels").optional(),
      channels: list(z.enum(ORDER_CHANNELS, "channels.unknown"), "channels").optional(),
      from: time("from").optional(),
      until: time("until").optional(),
      hours: hoursSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? "match.unknownField" : "match.invalid",
    },
  )
  .refine((m) => !m.from || !m.until || Date.parse(m.from) < Date.parse(m.until), {
    path: ["until"],
    message: "until.notAfterFrom",
  })
  .transform((m): RuleMatch => {
    // Absent conditions are left out rather than stored as undefined / null.
    const out: RuleMatch = {};
    for (const [k, v] of Object.entries(m)) if (v !== undefined) Object.assign(out, { [k]: v });
    return out;
  });

// Strict like the conditions: a misspelt field (rate_bp, fixed) refused by name, not dropped.
const tierSchema = z
  .strictObject(
    {
      tier: z.union([z.literal(1), z.literal(2), z.literal(3)], "tier.invalid"),
      rateBp: z
        .number("rateBp.invalid")
        .int("rateBp.invalid")
        .min(0, "rateBp.invalid")
        .max(MAX_RATE_BP, "rateBp.invalid")
        .optional(),
      fixedFen: z
        .number("fixedFen.invalid")
        .int("fixedFen.invalid")
        .min(0, "fixedFen.invalid")
        .max(MAX_FIXED_FEN, "fixedFen.invalid")
        .optional(),
    },
    {
      error: (issue) => (issue.code === "unrecognized_keys" ? "tier.unknownField" : "tier.invalid"),
    },
  )
  .refine((t) => (t.rateBp === undefined) !== (t.fixedFen === undefined), {
    path: ["rateBp"],
    message: "tier.payOne",
  })
  .transform((t): RuleTierPay =>
    t.rateBp !== undefined
      ? { tier: t.tier, rateBp: t.rateBp }
      : { tier: t.tier, fixedFen: t.fixedFen! },
  );

export const ruleInputSchema = z.strictObject(
  {
    name: z.string("name.required").trim().min(1, "name.required").max(100, "name.tooLong"),
    priority: z
      .number("priority.invalid")
      .int("priority.invalid")
      .min(PRIORITY_RANGE.min, "priority.invalid")
      .max(PRIORITY_RANGE.max, "priority.invalid")
      .default(0),
    stackable: z.boolean("stackable.invalid").default(false),
    match: ruleMatchSchema.default({}),
    tiers: z
      .array(tierSchema, "tiers.required")
      .min(1, "tiers.required")
      .max(3, "tiers.tooMany")
      .superRefine((tiers, ctx) => {
        const seen = new Set<CommissionTier>();
        tiers.forEach((t, i) => {
          if (seen.has(t.tier))
            ctx.addIssue({ code: "custom", path: [i, "tier"], message: "tiers.duplicate" });
          seen.add(t.tier);
        });
      })
      // Stored and shown in tier order whatever order they were given in.
      .transform((tiers) => [...tiers].sort((a, b) => a.tier - b.tier)),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "rule.unknownField" : undefined) },
);
export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleDefinition = z.output<typeof ruleInputSchema>;

export const ruleListSchema = z.object({
  enabled: z.boolean().optional(),
  search: z.string().trim().max(100).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type RuleListInput = z.input<typeof ruleListSchema>;

export const ruleIdSchema = z.object({ id: z.uuid() });
export const setEnabledSchema = z.object({ id: z.uuid(), enabled: z.boolean() });

/** A sample order for the simulator: the order API's shape, without buyer or ids. */
export const simulateInputSchema = z.object({
  channel: z.enum(ORDER_CHANNELS, "channel.unknown"),
  paidAt: z.union([z.date(), time("paidAt").transform((s) => new Date(s))], "paidAt.invalid"),
  items: z
    .array(
      z.object({
        sku: z.string("sku.required").trim().min(1, "sku.required").max(64, "sku.tooLong"),
        category: z
          .string()
          .trim()
          .max(60, "category.tooLong")
          .nullish()
          .transform((v) => v || null),
        quantity: z
          .number("quantity.invalid")
          .int("quantity.invalid")
          .min(1, "quantity.invalid")
          .max(100_000, "quantity.invalid"),
        amountFen: z
          .number("amountFen.invalid")
          .int("amountFen.invalid")
          .min(0, "amountFen.invalid")
          .max(10_000_000_000, "amountFen.invalid"),
      }),
    )
    .min(1, "items.required")
    .max(50, "items.tooMany"),
  /** Whose commissions: a real distributor's chain, or a made-up chain of levels (index 0 = tier 1). */
  earners: z.discriminatedUnion("by", [
    z.object({
      by: z.literal("distributor"),
      code: z
        .string()
        .trim()
        .min(1, "distributorCode.required")
        .max(20, "distributorCode.notFound"),
    }),
    z.object({
      by: z.literal("levels"),
      levels: z.array(z.string().trim().max(20).nullable()).min(1).max(3),
    }),
  ]),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
});
export type SimulateInput = z.input<typeof simulateInputSchema>;
