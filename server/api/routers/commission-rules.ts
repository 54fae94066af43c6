import {
  createRule,
  getRule,
  listRules,
  reviseRule,
  setRuleEnabled,
} from "@/server/commission/rules";
import {
  ruleIdSchema,
  ruleInputSchema,
  ruleListSchema,
  setEnabledSchema,
  simulateInputSchema,
} from "@/server/commission/schemas";
import { simulate } from "@/server/commission/simulate";
import {
  ruleDetailSchema,
  ruleListResultSchema,
  ruleSchema,
  simulationSchema,
} from "@/server/commission/views";
import { z } from "zod";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

export const commissionRulesRouter = createTRPCRouter({
  list: tenantProcedure("rules.manage")
    .input(ruleListSchema)
    .output(ruleListResultSchema)
    .query(({ ctx, input }) => listRules(ctx.tx, input)),
  get: tenantProcedure("rules.manage")
    .input(ruleIdSchema)
    .output(ruleDetailSchema)
    .query(({ ctx, input }) => getRule(ctx.tx, input.id)),
  create: tenantProcedure("rules.manage")
    .input(ruleInputSchema)
    .output(ruleSchema)
    .mutation(({ ctx, input }) => createRule(ctx.tx, staffActor(ctx), input)),
  /** A full new definition: becomes the next version. */
  revise: tenantProcedure("rules.manage")
    .input(ruleInputSchema.extend({ id: z.uuid() }))
    .output(ruleSchema)
    .mutation(({ ctx, input: { id, ...rule } }) => reviseRule(ctx.tx, staffActor(ctx), id, rule)),
  setEnabled: tenantProcedure("rules.manage")
    .input(setEnabledSchema)
    .output(ruleSchema)
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.tx, staffActor(ctx), input.id, input.enabled)),
  /** A read, sent as a mutation: a sample order with many lines does not fit a GET URL. */
  simulate: tenantProcedure("rules.manage")
    .input(simulateInputSchema)
    .output(simulationSchema)
    .mutation(({ ctx, input }) => simulate(ctx.tx, input)),
});
