/**
 * Commission rules (DESIGN.md "Program and rules"): GET|POST /api/v1/commission-rules,
 * GET|PUT|DELETE /api/v1/commission-rules/{id}. PUT writes a new version (the old one stays for
 * the commissions that used it); DELETE disables the rule.
 */
import { z } from "@hono/zod-openapi";
import { createRule, getRule, listRules, reviseRule, setRuleEnabled, type RuleView } from "@/server/commission/rules";
import { ruleInputSchema } from "@/server/commission/schemas";
import { shanghaiIso, shanghaiIsoOrNull } from "@/server/shared/time";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const MatchSchema = z
  .object({
    skus: z.array(z.string()).optional(),
    categories: z.array(z.string()).optional(),
    levels: z.array(z.string()).optional().openapi({ description: "The earner's level names." }),
    channels: z.array(z.string()).optional(),
    from: z.string().optional().openapi({ description: "Paid at or after (ISO 8601)." }),
    until: z.string().optional().openapi({ description: "Paid before (ISO 8601)." }),
    hours: z.object({ from: z.number().int(), to: z.number().int() }).optional().openapi({ description: "Hours of day in Asia/Shanghai, [from, to), wrapping past midnight when from > to." }),
  })
  .openapi("RuleMatch");

const TierSchema = z.union([
  z.object({ tier: z.number().int().min(1).max(3), rateBp: z.number().int() }),
  z.object({ tier: z.number().int().min(1).max(3), fixedFen: z.number().int() }),
]);

const ruleFields = {
  id: z.string(),
  name: z.string(),
  priority: z.number().int(),
  stackable: z.boolean(),
  match: MatchSchema,
  tiers: z.array(TierSchema),
  version: z.number().int().openapi({ description: "The current version; commissions keep the version they used." }),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabledAt: z.string().nullable(),
};
const RuleSchema = z.object(ruleFields).openapi("CommissionRule", {
  example: {
    id: "0193a1f2-5b7c-7d2e-9f10-1a2b3c4d5e6f",
    name: "双11",
    priority: 10,
    stackable: false,
    match: { categories: ["tea"], from: "2026-11-11T00:00:00+08:00", until: "2026-11-12T00:00:00+08:00" },
    tiers: [
      { tier: 1, rateBp: 820 },
      { tier: 2, rateBp: 300 },
    ],
    version: 2,
    enabled: true,
    createdAt: "2026-11-01T10:00:00.000+08:00",
    updatedAt: "2026-11-05T10:00:00.000+08:00",
    disabledAt: null,
  },
});
const VersionSchema = z.object({
  version: ruleFields.version,
  name: ruleFields.name,
  priority: ruleFields.priority,
  stackable: ruleFields.stackable,
  match: MatchSchema,
  tiers: z.array(TierSchema),
  createdAt: z.string(),
});
const RuleDetailSchema = RuleSchema.extend({ versions: z.array(VersionSchema) }).openapi("CommissionRuleWithVersions");

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const ListQuery = z.object({
  enabled: z.enum(["true", "false"]).optional().openapi({ param: { name: "enabled", in: "query" } }),
  page: z.coerce.number().int().min(1).max(100_000).optional().openapi({ param: { name: "page", in: "query" } }),
  pageSize: z.coerce.number().int().min(1).max(100).optional().openapi({ param: { name: "pageSize", in: "query" } }),
});
const RuleInput = ruleInputSchema.clone().openapi("CommissionRuleInput");

function ruleJson(r: RuleView) {
  return {
    id: r.id,
    name: r.name,
    priority: r.priority,
    stackable: r.stackable,
    match: r.match,
    tiers: r.tiers,
    version: r.version,
    enabled: r.enabled,
    createdAt: shanghaiIso(r.createdAt),
    updatedAt: shanghaiIso(r.updatedAt),
    disabledAt: shanghaiIsoOrNull(r.disabledAt),
  };
}

const notFound = { 404: "No commission rule with this id in this brand." } as const;

export const listRulesRoute = restRoute({
  method: "get",
  path: "/api/v1/commission-rules",
  tags: ["Commission rules"],
  summary: "List commission rules",
  request: { query: ListQuery },
  responses: {
    200: {
      description: "A page of rules, each as its current version.",
      content: jsonContent(z.object({ items: z.array(RuleSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })),
    },
  },
});
export const createRuleRoute = restRoute({
  method: "post",
  path: "/api/v1/commission-rules",
  tags: ["Commission rules"],
  summary: "Create a commission rule (version 1)",
  description: "Applies to orders ingested from now on, whatever their paid time (time windows test the paid time).",
  request: { body: jsonBody(RuleInput) },
  responses: { 201: { description: "Created.", content: jsonContent(RuleSchema) }, ...problems({ 422: "`match.levels` names a level this brand does not have." }) },
});
export const getRuleRoute = restRoute({
  method: "get",
  path: "/api/v1/commission-rules/{id}",
  tags: ["Commission rules"],
  summary: "A rule with its version history",
  request: { params: IdParam },
  responses: { 200: { description: "The rule.", content: jsonContent(RuleDetailSchema) }, ...problems(notFound) },
});
export const putRuleRoute = restRoute({
  method: "put",
  path: "/api/v1/commission-rules/{id}",
  tags: ["Commission rules"],
  summary: "Revise a rule: a new version",
  description: "The body is the whole new definition. Commissions already computed keep their version (refunds recompute with it). An identical definition writes no version.",
  request: { params: IdParam, body: jsonBody(RuleInput) },
  responses: { 200: { description: "The rule at its new version.", content: jsonContent(RuleSchema) }, ...problems({ ...notFound, 422: "`match.levels` names a level this brand does not have." }) },
});
export const deleteRuleRoute = restRoute({
  method: "delete",
  path: "/api/v1/commission-rules/{id}",
  tags: ["Commission rules"],
  summary: "Disable a rule",
  description: "The rule stops applying to new orders; it and its versions stay for the commissions that used them.",
  request: { params: IdParam },
  responses: { 200: { description: "The rule, disabled.", content: jsonContent(RuleSchema) }, ...problems(notFound) },
});

export function registerCommissionRules(app: RestApp) {
  app.openapi(listRulesRoute, (c) =>
    inTenant(c, async (tx) => {
      const q = c.req.valid("query");
      const page = await listRules(tx, { enabled: q.enabled === undefined ? undefined : q.enabled === "true", page: q.page, pageSize: q.pageSize });
      return c.json({ ...page, items: page.items.map(ruleJson) }, 200);
    }),
  );
  app.openapi(createRuleRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const rule = await createRule(tx, actor, c.req.valid("json"));
      return c.json(ruleJson(rule), 201, { location: `/api/v1/commission-rules/${rule.id}` });
    }),
  );
  app.openapi(getRuleRoute, (c) =>
    inTenant(c, async (tx) => {
      const r = await getRule(tx, c.req.valid("param").id);
      const versions = r.versions.map((v) => ({ version: v.version, name: v.name, priority: v.priority, stackable: v.stackable, match: v.match, tiers: v.tiers, createdAt: shanghaiIso(v.createdAt) }));
      return c.json({ ...ruleJson(r), versions }, 200);
    }),
  );
  app.openapi(putRuleRoute, (c) => mutate(c, async (tx, actor) => c.json(ruleJson(await reviseRule(tx, actor, c.req.valid("param").id, c.req.valid("json"))), 200)));
  app.openapi(deleteRuleRoute, (c) => mutate(c, async (tx, actor) => c.json(ruleJson(await setRuleEnabled(tx, actor, c.req.valid("param").id, false)), 200)));
}
