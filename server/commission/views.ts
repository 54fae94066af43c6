/**
 * Output schemas of the rules procedures (and, later, the public API's responses): what a rule,
 * its history and a simulation look like on the wire. Declared so nothing else leaks.
 */
import { z } from "zod";

const tier = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const ruleMatchOutSchema = z.object({
  skus: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
  levels: z.array(z.string()).optional(),
  channels: z.array(z.string()).optional(),
  from: z.string().optional(),
  until: z.string().optional(),
  hours: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
});

export const ruleTierOutSchema = z.union([
  z.object({ tier, rateBp: z.number().int() }),
  z.object({ tier, fixedFen: z.number().int() }),
]);

export const ruleSchema = z.object({
  id: z.uuid(),
  enabled: z.boolean(),
  version: z.number().int(),
  name: z.string(),
  priority: z.number().int(),
  stackable: z.boolean(),
  match: ruleMatchOutSchema,
  tiers: z.array(ruleTierOutSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
  disabledAt: z.date().nullable(),
});

const changeSchema = z.tuple([z.unknown(), z.unknown()]);

export const ruleVersionSchema = z.object({
  version: z.number().int(),
  name: z.string(),
  priority: z.number().int(),
  stackable: z.boolean(),
  match: ruleMatchOutSchema,
  tiers: z.array(ruleTierOutSchema),
  createdAt: z.date(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  changes: z.record(z.string(), changeSchema),
});

export const ruleDetailSchema = ruleSchema.extend({ versions: z.array(ruleVersionSchema) });

export const ruleListResultSchema = z.object({
  items: z.array(ruleSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const paySchema = z.object({
  kind: z.enum(["percent", "fixed"]),
  rateBp: z.number().int().nullable(),
  fixedFen: z.number().int().nullable(),
});

export const ruleExplanationSchema = z.object({
  ruleId: z.string(),
  version: z.number().int(),
  name: z.string(),
  priority: z.number().int(),
  stackable: z.boolean(),
  createdAt: z.date(),
  specificity: z.enum(["sku", "category", "generic"]),
  pay: paySchema.nullable(),
  matched: z.boolean(),
  reasons: z.array(
    z.enum([
      "noTierEntry",
      "sku",
      "category",
      "channel",
      "beforeFrom",
      "notBeforeUntil",
      "hours",
      "level",
    ]),
  ),
  outcome: z.enum(["primary", "stacked", "outranked", "notMatched"]),
  outrankedBy: z
    .object({
      ruleId: z.string(),
      name: z.string(),
      because: z.enum(["lessSpecific", "lowerPriority", "olderRule", "tieBreak"]),
    })
    .nullable(),
  amountFen: z.number().int(),
});

const distributorSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    status: z.enum(["applied", "active", "frozen", "disabled", "rejected"]),
  })
  .nullable();

export const simulationSchema = z.object({
  commissionLevels: z.number().int(),
  ruleCount: z.number().int(),
  earners: z.array(
    z.object({ tier, level: z.string().nullable(), distributor: distributorSchema }),
  ),
  lines: z.array(
    z.object({
      sku: z.string(),
      category: z.string().nullable(),
      categorySource: z.enum(["given", "product", "none"]),
      quantity: z.number().int(),
      amountFen: z.number().int(),
      tiers: z.array(
        z.object({
          tier,
          level: z.string().nullable(),
          distributor: distributorSchema,
          ineligible: z.enum(["beyondLevels", "inactive"]).nullable(),
          commissions: z.array(
            z.object({
              ruleId: z.string(),
              ruleName: z.string(),
              ruleVersion: z.number().int(),
              stackable: z.boolean(),
              kind: z.enum(["percent", "fixed"]),
              rateBp: z.number().int().nullable(),
              fixedFen: z.number().int().nullable(),
              amountFen: z.number().int(),
              traceText: z.string(),
            }),
          ),
          totalFen: z.number().int(),
          explanation: z.array(ruleExplanationSchema),
        }),
      ),
    }),
  ),
  totals: z.array(z.object({ tier, totalFen: z.number().int() })),
});
