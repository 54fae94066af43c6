/**
 * Commission rules and their versions (DOMAIN.md §3). A rule's definition is immutable per
 * version: revising writes version n+1 and moves current_version, so commissions computed with
 * an older version keep their terms for refunds. Every change is audited in the same
 * transaction (the compliance report lists rule changes).
 */
import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  commissionRules,
  commissionRuleVersions,
  distributorLevels,
  memberships,
  users,
} from "@/db/schema";
import type { RuleMatch, RuleTierPay } from "@/db/schema/commission";
import { isUuid } from "@/db/ids";
import { currentTenantId, rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { containsPattern, parseInput } from "@/server/promotion/validate";
import { audit, type Actor } from "@/server/tenancy/audit";
import type { ActiveRule } from "./engine";
import { diffRules, type RuleDiff } from "./rule-diff";
import {
  ruleInputSchema,
  ruleListSchema,
  type RuleDefinition,
  type RuleInput,
  type RuleListInput,
} from "./schemas";

type RuleRow = typeof commissionRules.$inferSelect;
type VersionRow = typeof commissionRuleVersions.$inferSelect;

/** A rule as the console and the public API show it: identity and state, current definition. */
export interface RuleView {
  id: string;
  enabled: boolean;
  version: number;
  name: string;
  priority: number;
  stackable: boolean;
  match: RuleMatch;
  tiers: RuleTierPay[];
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
}

function view(rule: RuleRow, v: VersionRow): RuleView {
  return {
    id: rule.id,
    enabled: rule.enabled,
    version: v.version,
    name: v.name,
    priority: v.priority,
    stackable: v.stackable,
    match: v.match,
    tiers: v.tiers,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
    disabledAt: rule.disabledAt,
  };
}

const notFound = () => new AppError("NOT_FOUND", "Commission rule not found.");

/**
 * Level names in `match.levels` must be this brand's; the error names the field. Well-formed but
 * naming nothing: 422, as every unknown reference is on the API (an unknown uplineCode, say).
 */
async function assertLevelsExist(tx: Tx, levels: string[] | undefined) {
  if (!levels?.length) return;
  const found = await tx
    .select({ name: distributorLevels.name })
    .from(distributorLevels)
    .where(inArray(distributorLevels.name, levels));
  const known = new Set(found.map((l) => l.name));
  const missing = levels.filter((l) => !known.has(l));
  if (missing.length) {
    throw new AppError("UNPROCESSABLE", `Unknown level: ${missing.join(", ")}.`, {
      fields: { "match.levels": "levels.unknown" },
    });
  }
}

async function parseDefinition(tx: Tx, raw: RuleInput): Promise<RuleDefinition> {
  const input = parseInput(ruleInputSchema, raw);
  await assertLevelsExist(tx, input.match.levels);
  return input;
}

function versionValues(
  tenantId: string,
  ruleId: string,
  version: number,
  d: RuleDefinition,
  actor: Actor,
) {
  return { tenantId, ruleId, version, ...d, actorType: actor.type, actorId: actor.id };
}

export async function createRule(tx: Tx, actor: Actor, raw: RuleInput): Promise<RuleView> {
  const input = await parseDefinition(tx, raw);
  const tenantId = await currentTenantId(tx);
  const [rule] = await tx.insert(commissionRules).values({ tenantId }).returning();
  const [version] = await tx
    .insert(commissionRuleVersions)
    .values(versionValues(tenantId, rule!.id, 1, input, actor))
    .returning();
  await audit(tx, actor, {
    action: "rule.created",
    targetType: "commission_rule",
    targetId: rule!.id,
    data: { name: input.name, version: 1, changes: diffRules(null, input) },
  });
  return view(rule!, version!);
}

async function lockRule(tx: Tx, ruleId: string) {
  if (!isUuid(ruleId)) throw notFound();
  const [rule] = await tx
    .select()
    .from(commissionRules)
    .where(eq(commissionRules.id, ruleId))
    .for("update");
  if (!rule) throw notFound();
  const [current] = await tx
    .select()
    .from(commissionRuleVersions)
    .where(
      and(
        eq(commissionRuleVersions.ruleId, ruleId),
        eq(commissionRuleVersions.version, rule.currentVersion),
      ),
    );
  return { rule, current: current! };
}

/**
 * PUT semantics: `raw` is the whole new definition. It becomes version n+1 and the old version
 * stays for the commissions that used it. A definition identical to the current one writes no
 * version, so repeating a PUT changes nothing.
 */
export async function reviseRule(
  tx: Tx,
  actor: Actor,
  ruleId: string,
  raw: RuleInput,
): Promise<RuleView> {
  const input = await parseDefinition(tx, raw);
  const { rule, current } = await lockRule(tx, ruleId);
  const changes = diffRules(current, input);
  if (Object.keys(changes).length === 0) return view(rule, current);
  const next = rule.currentVersion + 1;
  const [version] = await tx
    .insert(commissionRuleVersions)
    .values(versionValues(rule.tenantId, rule.id, next, input, actor))
    .returning();
  const [updated] = await tx
    .update(commissionRules)
    .set({ currentVersion: next, updatedAt: sql`now()` })
    .where(eq(commissionRules.id, rule.id))
    .returning();
  await audit(tx, actor, {
    action: "rule.revised",
    targetType: "commission_rule",
    targetId: rule.id,
    data: { name: input.name, version: next, previousVersion: rule.currentVersion, changes },
  });
  return view(updated!, version!);
}

/** Enable or disable (the public API's DELETE disables: the rule stays for its commissions). */
export async function setRuleEnabled(
  tx: Tx,
  actor: Actor,
  ruleId: string,
  enabled: boolean,
): Promise<RuleView> {
  const { rule, current } = await lockRule(tx, ruleId);
  if (rule.enabled === enabled) return view(rule, current);
  const [updated] = await tx
    .update(commissionRules)
    .set({ enabled, disabledAt: enabled ? null : sql`now()`, updatedAt: sql`now()` })
    .where(eq(commissionRules.id, rule.id))
    .returning();
  await audit(tx, actor, {
    action: enabled ? "rule.enabled" : "rule.disabled",
    targetType: "commission_rule",
    targetId: rule.id,
    data: { name: current.name, version: current.version },
  });
  return view(updated!, current);
}

export interface RuleVersionView {
  version: number;
  name: string;
  priority: number;
  stackable: boolean;
  match: RuleMatch;
  tiers: RuleTierPay[];
  createdAt: Date;
  actor: { type: string; id: string | null; name: string | null };
  /** Against the version before it; version 1 lists what it set. */
  changes: RuleDiff;
}

/** The rule with its whole history, newest version first. */
export async function getRule(
  tx: Tx,
  ruleId: string,
): Promise<RuleView & { versions: RuleVersionView[] }> {
  if (!isUuid(ruleId)) throw notFound();
  const [rule] = await tx.select().from(commissionRules).where(eq(commissionRules.id, ruleId));
  if (!rule) throw notFound();
  const versions = await tx
    .select()
    .from(commissionRuleVersions)
    .where(eq(commissionRuleVersions.ruleId, ruleId))
    .orderBy(commissionRuleVersions.version);
  const names = await staffNames(tx, versions);
  const history = versions.map((v, i) => ({
    version: v.version,
    name: v.name,
    priority: v.priority,
    stackable: v.stackable,
    match: v.match,
    tiers: v.tiers,
    createdAt: v.createdAt,
    actor: { type: v.actorType, id: v.actorId, name: (v.actorId && names.get(v.actorId)) ?? null },
    changes: diffRules(versions[i - 1] ?? null, v),
  }));
  const current = versions.find((v) => v.version === rule.currentVersion)!;
  return { ...view(rule, current), versions: history.reverse() };
}

/** Display names of the brand's staff who wrote versions (people who left show no name). */
async function staffNames(tx: Tx, versions: VersionRow[]) {
  const ids = [
    ...new Set(
      versions
        .filter((v) => v.actorType === "staff" && v.actorId && isUuid(v.actorId))
        .map((v) => v.actorId!),
    ),
  ];
  if (!ids.length) return new Map<string, string>();
  const rows = await tx
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * One page of rules with their current definition, most recently changed first. `search`
 * matches the name, or a SKU / category the rule names exactly.
 */
export async function listRules(tx: Tx, raw: RuleListInput) {
  const input = parseInput(ruleListSchema, raw);
  const filters: (SQL | undefined)[] = [];
  if (input.enabled !== undefined) filters.push(eq(commissionRules.enabled, input.enabled));
  if (input.search) {
    const term = sql`jsonb_build_array(${input.search}::text)`;
    filters.push(
      or(
        ilike(commissionRuleVersions.name, containsPattern(input.search)),
        sql`${commissionRuleVersions.match} -> 'skus' @> ${term}`,
        sql`${commissionRuleVersions.match} -> 'categories' @> ${term}`,
      ),
    );
  }
  const where = and(...filters);
  const current = and(
    eq(commissionRuleVersions.tenantId, commissionRules.tenantId),
    eq(commissionRuleVersions.ruleId, commissionRules.id),
    eq(commissionRuleVersions.version, commissionRules.currentVersion),
  );
  const rows = await tx
    .select({ rule: commissionRules, version: commissionRuleVersions })
    .from(commissionRules)
    .innerJoin(commissionRuleVersions, current)
    .where(where)
    .orderBy(desc(commissionRules.updatedAt), desc(commissionRules.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [total] = await tx
    .select({ n: count() })
    .from(commissionRules)
    .innerJoin(commissionRuleVersions, current)
    .where(where);
  return {
    items: rows.map((r) => view(r.rule, r.version)),
    total: total?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

interface ActiveRow {
  id: string;
  created_ms: number | string;
  version: number;
  name: string;
  priority: number;
  stackable: boolean;
  match: RuleMatch | string;
  tiers: RuleTierPay[] | string;
}

/**
 * Text rather than the query builder: ingest loads the rules for every order (or batch), and
 * one fixed statement is one round trip that postgres-js prepares once per connection.
 * The creation time comes as epoch milliseconds because the drivers return a raw timestamptz
 * in different text forms (the engine compares milliseconds anyway).
 * rules.test.ts runs it on both engines.
 */
const ACTIVE_RULES_SQL = sql.raw(
  `select r.id, floor(extract(epoch from r.created_at) * 1000)::float8 as created_ms, v.version, v.name, v.priority, v.stackable, v.match, v.tiers
     from commission_rules r
     join commission_rule_versions v
       on v.tenant_id = r.tenant_id and v.rule_id = r.id and v.version = r.current_version
    where r.enabled`,
);

/** The brand's enabled rules at their current versions, for the engine: one query. */
export async function loadActiveRules(tx: Tx): Promise<ActiveRule[]> {
  const rows = rowsOf<ActiveRow>(await tx.execute(ACTIVE_RULES_SQL));
  return rows.map((r) => ({
    ruleId: r.id,
    version: r.version,
    name: r.name,
    priority: r.priority,
    stackable: r.stackable,
    createdAt: new Date(Number(r.created_ms)),
    // Drivers hand jsonb back parsed, unless configured not to; accept both.
    match: typeof r.match === "string" ? (JSON.parse(r.match) as RuleMatch) : r.match,
    tiers: typeof r.tiers === "string" ? (JSON.parse(r.tiers) as RuleTierPay[]) : r.tiers,
  }));
}
