/**
 * Risk control over the public API (issue 10 item 7, DESIGN.md "Public API v1"):
 * the brand's blacklist (GET|POST /api/v1/risk/blacklist, POST …/blacklist/import,
 * DELETE …/blacklist/{id}), the rule settings (GET /api/v1/risk/rules,
 * PATCH /api/v1/risk/rules/{code}) and the shared-list participation (GET|PATCH
 * /api/v1/risk/sharing). Values are sent raw and never returned: an entry shows its masked form.
 */
import { z } from "@hono/zod-openapi";
import { RISK_ACTIONS, RISK_LIST_KINDS, RISK_REASON_CATEGORIES, RISK_RULE_CODES } from "@/db/risk-kinds";
import {
  addBlacklistEntry,
  bulkAddBlacklist,
  listBlacklist,
  loadRiskSharing,
  removeBlacklistEntry,
  updateRiskSharing,
  type BlacklistEntryView,
} from "@/server/risk/blacklist";
import { loadRuleSettings, ruleViews, updateRuleSetting, type RuleView } from "@/server/risk/settings";
import { shanghaiIso, shanghaiIsoOrNull } from "@/server/shared/time";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const TAG = ["Risk control"];

const EntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(RISK_LIST_KINDS),
    masked: z.string().openapi({ description: "Enough to recognise the value, never the value itself.", example: "138****8000" }),
    reason: z.string(),
    reasonCategory: z.enum(RISK_REASON_CATEGORIES),
    source: z.string().openapi({ description: "manual, import, api or freeze (added when a distributor was frozen for fraud)." }),
    shared: z.boolean().openapi({ description: "Also on the shared cross-brand list (hashed under the platform key)." }),
    expiresAt: isoTime.nullable(),
    createdAt: isoTime,
    removedAt: isoTime.nullable(),
  })
  .openapi("BlacklistEntry");

const entryFields = {
  kind: z.enum(RISK_LIST_KINDS).openapi({ description: "`ip_range` takes an address or a CIDR range; the others one value." }),
  value: z.string().trim().min(1).max(300).openapi({ description: "The raw value; normalised, hashed and masked here, never stored.", example: "+86 138 0013 8000" }),
  reason: z.string().trim().min(1).max(500),
  reasonCategory: z.enum(RISK_REASON_CATEGORIES).optional().openapi({ description: "What other brands see of a shared entry. Default `other`." }),
  expiresAt: z.iso.datetime({ offset: true }).nullish().openapi({ description: "Stops matching after this time; omit for never." }),
};
const EntryInput = z.strictObject(entryFields).openapi("BlacklistEntryInput");
const ImportInput = z.strictObject({ entries: z.array(z.strictObject(entryFields)).min(1).max(5000) }).openapi("BlacklistImport");
const ImportResult = z
  .object({
    added: z.number().int(),
    duplicates: z.number().int().openapi({ description: "Already on the list, or repeated in the request." }),
    errors: z.array(z.object({ row: z.number().int().openapi({ description: "1-based index into `entries`." }), field: z.string(), key: z.string() })),
  })
  .openapi("BlacklistImportResult");

const ListQuery = z.object({
  kind: z.enum(RISK_LIST_KINDS).optional().openapi({ param: { name: "kind", in: "query" } }),
  includeInactive: z.enum(["true", "false"]).optional().openapi({ param: { name: "includeInactive", in: "query" }, description: "Also removed and expired entries." }),
  before: z.uuid().optional().openapi({ param: { name: "before", in: "query" }, description: "The `next` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ param: { name: "limit", in: "query" } }),
});
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const RuleSettingSchema = z.object({
  enabled: z.boolean(),
  action: z.enum(RISK_ACTIONS),
  windowMinutes: z.number().int(),
  thresholds: z.record(z.string(), z.number().int()),
});
const RuleSchema = RuleSettingSchema.extend({
  code: z.enum(RISK_RULE_CODES),
  windowed: z.boolean().openapi({ description: "Whether windowMinutes applies to this rule." }),
  thresholdBounds: z.record(z.string(), z.object({ min: z.number().int(), max: z.number().int() })),
  defaults: RuleSettingSchema,
}).openapi("RiskRule", {
  example: {
    code: "device_cluster",
    enabled: true,
    action: "review",
    windowMinutes: 1440,
    thresholds: { orders: 8, newBuyers: 3 },
    windowed: true,
    thresholdBounds: { orders: { min: 2, max: 100000 }, newBuyers: { min: 2, max: 100000 } },
    defaults: { enabled: true, action: "review", windowMinutes: 1440, thresholds: { orders: 8, newBuyers: 3 } },
  },
});
const RulePatch = z
  .strictObject({
    enabled: z.boolean().optional(),
    action: z.enum(RISK_ACTIONS).optional(),
    thresholds: z.record(z.string(), z.number().int()).optional().openapi({ description: "Only the keys to change." }),
    windowMinutes: z.number().int().min(1).max(129_600).nullish().openapi({ description: "null restores the default window." }),
  })
  .openapi("RiskRulePatch", { example: { thresholds: { newBuyers: 5 }, windowMinutes: 60 } });
const CodeParam = z.object({ code: z.enum(RISK_RULE_CODES).openapi({ param: { name: "code", in: "path" } }) });

const SharingSchema = z
  .object({
    shareContribute: z.boolean().openapi({ description: "This brand's new blacklist entries go to the shared list, as keyed hashes only." }),
    shareConsume: z.boolean().openapi({ description: "Orders are checked against other brands' shared entries." }),
  })
  .openapi("RiskSharing");

function entryJson(e: BlacklistEntryView) {
  return {
    id: e.id,
    kind: e.kind,
    masked: e.masked,
    reason: e.reason,
    reasonCategory: e.reasonCategory,
    source: e.source,
    shared: e.shared,
    expiresAt: shanghaiIsoOrNull(e.expiresAt),
    createdAt: shanghaiIso(e.createdAt),
    removedAt: shanghaiIsoOrNull(e.removedAt),
  };
}
const ruleJson = (r: RuleView) => r;

export const listBlacklistRoute = restRoute({
  method: "get",
  path: "/api/v1/risk/blacklist",
  tags: TAG,
  summary: "List the brand's blacklist",
  description: "Newest first; live entries unless `includeInactive=true`. Values show masked only.",
  request: { query: ListQuery },
  responses: { 200: { description: "A page of entries.", content: jsonContent(z.object({ items: z.array(EntrySchema), next: z.string().nullable() })) } },
});
export const addBlacklistRoute = restRoute({
  method: "post",
  path: "/api/v1/risk/blacklist",
  tags: TAG,
  summary: "Add a value to the blacklist",
  description:
    "Orders whose buyer phone, receiver phone, device, shipping address or IP matches a live entry (or whose distributor's phone, ID or bank card does) get the `blacklist` rule. When the brand contributes to the shared list, the entry also goes there as a keyed hash. Audited.",
  request: { body: jsonBody(EntryInput) },
  responses: {
    201: { description: "Added.", content: jsonContent(EntrySchema) },
    ...problems({ 409: "This value is already on the list (`errors.value: duplicate`)." }),
  },
});
export const importBlacklistRoute = restRoute({
  method: "post",
  path: "/api/v1/risk/blacklist/import",
  tags: TAG,
  summary: "Add many values at once",
  description: "Invalid entries are reported by index and skipped; values already listed count as duplicates; the rest are added.",
  request: { body: jsonBody(ImportInput) },
  responses: { 200: { description: "What was added.", content: jsonContent(ImportResult) } },
});
export const removeBlacklistRoute = restRoute({
  method: "delete",
  path: "/api/v1/risk/blacklist/{id}",
  tags: TAG,
  summary: "Remove an entry",
  description: "It stops matching at once (and leaves the shared list); the entry stays in the history. Audited.",
  request: { params: IdParam },
  responses: { 200: { description: "Removed.", content: jsonContent(z.object({ id: z.string() })) }, ...problems({ 404: "No live entry with this id in this brand." }) },
});
export const listRiskRulesRoute = restRoute({
  method: "get",
  path: "/api/v1/risk/rules",
  tags: TAG,
  summary: "The risk rules with this brand's settings",
  description:
    "Every rule the ingest checks run, with its action, window and thresholds (the brand's, else the defaults). Counting rules fire when a count in the window reaches the threshold. `self_purchase` (buyer and distributor one person by OneID) follows the program's `selfPurchase` setting.",
  responses: { 200: { description: "The rules.", content: jsonContent(z.object({ items: z.array(RuleSchema) })) } },
});
export const patchRiskRuleRoute = restRoute({
  method: "patch",
  path: "/api/v1/risk/rules/{code}",
  tags: TAG,
  summary: "Change a rule's settings",
  description: "Switch a rule on or off, set its action (`review` holds commission, `block` pays none), window and thresholds. Applies to orders ingested from now on. Audited.",
  request: { params: CodeParam, body: jsonBody(RulePatch) },
  responses: {
    200: { description: "The rule after the change.", content: jsonContent(RuleSchema) },
    ...problems({ 422: "`self_purchase` is set by the program's `selfPurchase` (PATCH /api/v1/program): `errors.rule: invalid_value`." }),
  },
});
export const getSharingRoute = restRoute({
  method: "get",
  path: "/api/v1/risk/sharing",
  tags: TAG,
  summary: "Participation in the shared cross-brand blacklist",
  responses: { 200: { description: "The settings.", content: jsonContent(SharingSchema) } },
});
export const patchSharingRoute = restRoute({
  method: "patch",
  path: "/api/v1/risk/sharing",
  tags: TAG,
  summary: "Opt in to (or out of) the shared blacklist",
  description:
    "The shared list holds only keyed hashes (HMAC under a platform key) of normalised values, never raw ones; another brand sees a hit as \"listed by another brand on <date>, <reason category>\". Audited.",
  request: { body: jsonBody(SharingSchema.partial().strict().openapi("RiskSharingPatch")) },
  responses: { 200: { description: "The settings after the change.", content: jsonContent(SharingSchema) } },
});

export function registerRisk(app: RestApp) {
  app.openapi(listBlacklistRoute, (c) =>
    inTenant(c, async (tx) => {
      const q = c.req.valid("query");
      const page = await listBlacklist(tx, { kind: q.kind, includeInactive: q.includeInactive === "true", before: q.before, limit: q.limit });
      return c.json({ items: page.items.map(entryJson), next: page.next }, 200);
    }),
  );
  app.openapi(addBlacklistRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const body = c.req.valid("json");
      const tenantId = c.var.caller.tenantId;
      const entry = await addBlacklistEntry(tx, tenantId, actor, {
        ...body,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        source: "api",
      });
      return c.json(entryJson(entry), 201);
    }),
  );
  app.openapi(importBlacklistRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { entries } = c.req.valid("json");
      const result = await bulkAddBlacklist(
        tx,
        c.var.caller.tenantId,
        actor,
        entries.map((e) => ({ ...e, expiresAt: e.expiresAt ? new Date(e.expiresAt) : null })),
        { source: "api" },
      );
      return c.json(result, 200);
    }),
  );
  app.openapi(removeBlacklistRoute, (c) =>
    mutate(c, async (tx, actor) => c.json(await removeBlacklistEntry(tx, c.var.caller.tenantId, actor, { id: c.req.valid("param").id }), 200)),
  );
  app.openapi(listRiskRulesRoute, (c) => inTenant(c, async (tx) => c.json({ items: ruleViews(await loadRuleSettings(tx)).map(ruleJson) }, 200)));
  app.openapi(patchRiskRuleRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const rule = await updateRuleSetting(tx, c.var.caller.tenantId, actor, { rule: c.req.valid("param").code, ...c.req.valid("json") });
      return c.json(ruleJson(rule), 200);
    }),
  );
  app.openapi(getSharingRoute, (c) => inTenant(c, async (tx) => c.json(await loadRiskSharing(tx), 200)));
  app.openapi(patchSharingRoute, (c) =>
    mutate(c, async (tx, actor) => c.json(await updateRiskSharing(tx, c.var.caller.tenantId, actor, c.req.valid("json")), 200)),
  );
}
