/**
 * Risk control settings in the console (issue 10): the rule settings, the brand's blacklist and
 * its part in the shared cross-brand list. Thin: parse, call the services in server/risk.
 * (The review queue and its decisions live beside these, built on the same services.)
 */
import { z } from "zod";
import { RISK_ACTIONS, RISK_LIST_KINDS, RISK_REASON_CATEGORIES, RISK_RULE_CODES } from "@/db/risk-kinds";
import {
  addBlacklistEntry,
  bulkAddBlacklist,
  listBlacklist,
  loadRiskSharing,
  removeBlacklistEntry,
  updateRiskSharing,
} from "@/server/risk/blacklist";
import { loadRuleSettings, resetRuleSetting, ruleViews, updateRuleSetting } from "@/server/risk/settings";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

const entryInput = z.object({
  kind: z.enum(RISK_LIST_KINDS),
  value: z.string().trim().min(1).max(300),
  reason: z.string().trim().min(1).max(500),
  reasonCategory: z.enum(RISK_REASON_CATEGORIES).optional(),
  expiresAt: z.date().nullish(),
});

export const riskRouter = createTRPCRouter({
  rules: tenantProcedure("risk.review").query(async ({ ctx }) => ruleViews(await loadRuleSettings(ctx.tx))),
  updateRule: tenantProcedure("risk.review")
    .input(
      z.object({
        rule: z.enum(RISK_RULE_CODES),
        enabled: z.boolean().optional(),
        action: z.enum(RISK_ACTIONS).optional(),
        thresholds: z.record(z.string(), z.number().int()).optional(),
        windowMinutes: z.number().int().nullish(),
      }),
    )
    .mutation(({ ctx, input }) => updateRuleSetting(ctx.tx, ctx.tenant.id, staffActor(ctx), input)),
  resetRule: tenantProcedure("risk.review")
    .input(z.object({ rule: z.enum(RISK_RULE_CODES) }))
    .mutation(({ ctx, input }) => resetRuleSetting(ctx.tx, staffActor(ctx), input.rule)),
  sharing: tenantProcedure("risk.review").query(({ ctx }) => loadRiskSharing(ctx.tx)),
  // Sharing data with other brands is the brand's decision, not a reviewer's.
  updateSharing: tenantProcedure("settings.write")
    .input(z.object({ shareContribute: z.boolean().optional(), shareConsume: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updateRiskSharing(ctx.tx, ctx.tenant.id, staffActor(ctx), input)),
  blacklist: tenantProcedure("risk.review")
    .input(
      z.object({
        kind: z.enum(RISK_LIST_KINDS).optional(),
        includeInactive: z.boolean().optional(),
        before: z.uuid().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listBlacklist(ctx.tx, input)),
  addBlacklist: tenantProcedure("risk.review")
    .input(entryInput)
    .mutation(({ ctx, input }) => addBlacklistEntry(ctx.tx, ctx.tenant.id, staffActor(ctx), { ...input, source: "manual" })),
  /** Rows parsed from a CSV by the console; bad rows come back by number, the rest are added. */
  importBlacklist: tenantProcedure("risk.review")
    .input(
      z.object({
        rows: z
          .array(
            z.object({
              kind: z.string().max(20),
              value: z.string().max(300),
              reason: z.string().max(500),
              reasonCategory: z.enum(RISK_REASON_CATEGORIES).optional(),
              expiresAt: z.date().nullish(),
            }),
          )
          .min(1)
          .max(5000),
      }),
    )
    .mutation(({ ctx, input }) => bulkAddBlacklist(ctx.tx, ctx.tenant.id, staffActor(ctx), input.rows, { source: "import" })),
  removeBlacklist: tenantProcedure("risk.review")
    .input(z.object({ id: z.uuid(), reason: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => removeBlacklistEntry(ctx.tx, ctx.tenant.id, staffActor(ctx), input)),
});
