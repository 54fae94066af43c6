/**
 * The compliance audit report's figures for one period (DOMAIN.md §1, issue 11 item 2), read
 * from the ledger and the audit log — both append-only — so the same period gives the same
 * figures however often it is generated. Current settings are never read as "the settings of
 * the period": a setting's value at an instant is the "before" of the first audited change after
 * it, or today's value when nothing changed since (settings changes record {field: [before, after]}).
 *
 * Every figure is one set-based query over the period's rows (commissions, postings and
 * journals by their created_at), not a loop over distributors or orders: a month of a brand with
 * 2M orders must come out in seconds. Detail lists (re-parents, overrides, decisions, changes) are
 * capped at DETAIL_LIMIT rows each; their counts are always complete.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/tenant";
import { getSettings } from "@/server/tenancy/settings";
import { fingerprintOf } from "./fingerprint";
import type { Period } from "./period";

/** The legal cap (Prohibition of Pyramid Selling Regulations): never more than three tiers. */
export const MAX_TIERS = 3;
export const DETAIL_LIMIT = 500;

export interface SettingChange {
  at: string;
  actor: string;
  field: string;
  from: string;
  to: string;
}

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
}

export interface ComplianceFigures {
  period: { label: string; from: string; to: string };
  levels: { atStart: number; atEnd: number; cap: number; changes: SettingChange[] };
  tiers: {
    /** Deepest tier of any commission created before the period's end (0: none yet). */
    deepestEver: number;
    deepestInPeriod: number;
    withinCap: boolean;
    byTier: { tier: number; commissions: number }[];
  };
  integrity: {
    /** Commission rows created in the period. */
    commissions: number;
    /** Of those, rows whose order line does not exist or belongs to another order (must be 0). */
    withoutOrderLine: number;
    /** Journals in the period that moved commission expense. */
    expenseJournals: number;
    /** Of those, journals not caused by an order (must be 0: nothing is paid for recruiting). */
    expenseJournalsWithoutOrder: number;
    /** Net commission expense of the period (debits positive), and by the journals' causes. */
    expenseFen: number;
    expenseByCause: { cause: string; journals: number; netFen: number }[];
  };
  enrolment: {
    modeAtStart: string;
    modeAtEnd: string;
    spendThresholdFenAtEnd: number;
    autoApproveAtEnd: boolean;
    /** The spend-threshold mode was on at some time in the period: a purchase unlocked enrolment. */
    spendThresholdRisk: boolean;
    changes: SettingChange[];
  };
  rules: {
    versionsInForce: { ruleId: string; version: number; name: string; since: string; until: string; commissions: number }[];
    changes: AuditRow[];
  };
  reparents: { count: number; rows: { at: string; actor: string; distributor: string; from: string; to: string; reason: string }[] };
  bindingOverrides: { count: number; rows: { at: string; actor: string; buyer: string; from: string; to: string; reason: string }[] };
  riskDecisions: {
    byDecision: { decision: "hold" | "release" | "reject"; decisions: number; journals: number; amountFen: number }[];
    count: number;
    rows: AuditRow[];
  };
  payouts: { payouts: number; grossFen: number; netFen: number; taxFen: number; feeFen: number };
}

export interface ComplianceReport {
  brand: { name: string };
  figures: ComplianceFigures;
  /** sha256 of the figures' canonical JSON: the same period gives the same fingerprint. */
  fingerprint: string;
}

type Num = string | number | null;
const num = (v: Num) => (v === null ? 0 : Number(v));
/** A timestamp column as Shanghai ISO text, the same on both engines and in every output. */
const iso = (col: SQL) => sql`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;
const actorOf = (type: SQL, id: SQL) => sql`${type} || coalesce(':' || ${id}, '')`;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace("Z", "+08:00");

interface ChangeRow {
  at: string;
  actor: string;
  data: Record<string, [unknown, unknown]>;
  before_end: boolean;
}

const text = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * The value of `field` at `instant`, given the audited changes from some time before it on, in
 * order: the "before" of the first change at or after the instant, else `current` (nothing has
 * changed it since).
 */
export function valueAt<T>(changes: { at: string; data: Record<string, [unknown, unknown]> }[], field: string, instantIso: string, current: T): T {
  for (const c of changes) {
    if (c.at >= instantIso && field in c.data) return c.data[field]![0] as T;
  }
  return current;
}

async function settingChanges(tx: Tx, action: string, fields: string[], period: Period) {
  // Every change from the period's start on: the ones before the end are the period's, and the
  // first ones after give the values at the start and end (settings change rarely).
  const rows = rowsOf<ChangeRow>(
    await tx.execute(sql`
      select ${iso(sql`created_at`)} as at, ${actorOf(sql`actor_type`, sql`actor_id`)} as actor, data,
             created_at < ${ts(period.end)} as before_end
        from audit_logs
       where action = ${action} and created_at >= ${ts(period.start)}
         and data ?| ${sql.raw(`array[${fields.map((f) => `'${f}'`).join(",")}]`)}
       order by created_at, id`),
  );
  const inPeriod: SettingChange[] = [];
  for (const r of rows) {
    if (!r.before_end) continue;
    for (const f of fields) {
      const change = r.data[f];
      if (change) inPeriod.push({ at: r.at, actor: r.actor, field: f, from: text(change[0]), to: text(change[1]) });
    }
  }
  return { all: rows, inPeriod };
}

async function tierFigures(tx: Tx, period: Period) {
  const [deep] = rowsOf<{ ever: Num }>(await tx.execute(sql`select max(tier) as ever from commissions where created_at < ${ts(period.end)}`));
  // One pass over the period's commissions serves the tiers, the order-line proof and the
  // commissions per rule version.
  const groups = rowsOf<{ tier: Num; rule_id: string; rule_version: Num; n: Num; orphans: Num }>(
    await tx.execute(sql`
      select c.tier, c.rule_id, c.rule_version, count(*) as n, count(*) filter (where l.id is null) as orphans
        from commissions c
        left join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id and l.order_id = c.order_id
       where c.created_at >= ${ts(period.start)} and c.created_at < ${ts(period.end)}
       group by c.tier, c.rule_id, c.rule_version`),
  );
  const byTier = new Map<number, number>();
  const byVersion = new Map<string, number>();
  for (const g of groups) {
    byTier.set(num(g.tier), (byTier.get(num(g.tier)) ?? 0) + num(g.n));
    const key = `${g.rule_id}:${num(g.rule_version)}`;
    byVersion.set(key, (byVersion.get(key) ?? 0) + num(g.n));
  }
  return {
    deepestEver: num(deep?.ever ?? null),
    deepestInPeriod: Math.max(0, ...byTier.keys()),
    byTier: [...byTier.entries()].sort(([a], [b]) => a - b).map(([tier, commissions]) => ({ tier, commissions })),
    byVersion,
    commissions: groups.reduce((s, r) => s + num(r.n), 0),
    withoutOrderLine: groups.reduce((s, r) => s + num(r.orphans), 0),
  };
}

/** The period's postings on the brand's own accounts, by journal cause, kind and account. */
async function ledgerFigures(tx: Tx, period: Period) {
  const rows = rowsOf<{ cause: string; kind: string; account: string; journals: Num; no_order: Num; net: Num }>(
    await tx.execute(sql`
      select j.cause_type as cause, j.kind::text as kind, p.account_type::text as account,
             count(distinct j.id) as journals,
             count(distinct j.id) filter (where j.order_id is null) as no_order,
             sum(p.amount_fen) as net
        from ledger_postings p
        join ledger_journals j on j.tenant_id = p.tenant_id and j.id = p.journal_id
       where p.account_id in (select id from ledger_accounts where distributor_id is null)
         and p.created_at >= ${ts(period.start)} and p.created_at < ${ts(period.end)}
       group by 1, 2, 3
       order by 1, 2, 3`),
  );
  const expense = rows.filter((r) => r.account === "commission_expense");
  const byCause = new Map<string, { cause: string; journals: number; netFen: number }>();
  for (const r of expense) {
    const c = byCause.get(r.cause) ?? { cause: r.cause, journals: 0, netFen: 0 };
    c.journals += num(r.journals);
    c.netFen += num(r.net);
    byCause.set(r.cause, c);
  }
  // Brand accounts are credited when money leaves (payouts, tax withheld, fees): their normal side.
  const credited = (account: string) => 0 - rows.filter((r) => r.account === account).reduce((s, r) => s + num(r.net), 0) || 0;
  const [netFen, taxFen, feeFen] = [credited("payouts"), credited("tax_payable"), credited("fees")];
  return {
    expenseJournals: expense.reduce((s, r) => s + num(r.journals), 0),
    expenseJournalsWithoutOrder: expense.reduce((s, r) => s + num(r.no_order), 0),
    expenseFen: expense.reduce((s, r) => s + num(r.net), 0),
    expenseByCause: [...byCause.values()],
    payouts: {
      payouts: rows.filter((r) => r.account === "payouts" && r.kind === "payout").reduce((s, r) => s + num(r.journals), 0),
      grossFen: netFen + taxFen + feeFen,
      netFen,
      taxFen,
      feeFen,
    },
  };
}

async function ruleFigures(tx: Tx, period: Period, byVersion: Map<string, number>) {
  const [start, end] = [ts(period.start), ts(period.end)];
  const versions = rowsOf<{ rule_id: string; version: Num; name: string; since: string; until: string | null; enabled: boolean }>(
    await tx.execute(sql`
      with v as (
        select v.rule_id, v.version, v.name, v.created_at as since, n.created_at as until
          from commission_rule_versions v
          left join commission_rule_versions n on n.tenant_id = v.tenant_id and n.rule_id = v.rule_id and n.version = v.version + 1
         where v.created_at < ${end}
      ),
      -- Whether each rule was enabled when the period began (rules are created enabled) or
      -- switched during it: a rule disabled all period long was not in force.
      last_toggle as (
        select distinct on (target_id) target_id, action
          from audit_logs
         where action in ('rule.enabled', 'rule.disabled') and created_at < ${start}
         order by target_id, created_at desc, id desc
      ),
      toggled as (
        select distinct target_id from audit_logs
         where action in ('rule.enabled', 'rule.disabled') and created_at >= ${start} and created_at < ${end}
      )
      select v.rule_id, v.version, v.name, ${iso(sql`v.since`)} as since,
             case when v.until is null then null else ${iso(sql`v.until`)} end as until,
             (coalesce(lt.action, 'rule.enabled') = 'rule.enabled' or tg.target_id is not null) as enabled
        from v
        left join last_toggle lt on lt.target_id = v.rule_id::text
        left join toggled tg on tg.target_id = v.rule_id::text
       where v.until is null or v.until > ${start}
       order by v.since, v.rule_id, v.version`),
  );
  const changes = await auditRows(tx, period, ["rule.created", "rule.revised", "rule.disabled", "rule.enabled"]);
  return {
    versionsInForce: versions
      .map((r) => ({
        ruleId: r.rule_id,
        version: num(r.version),
        name: r.name,
        since: r.since,
        until: r.until ?? "",
        commissions: byVersion.get(`${r.rule_id}:${num(r.version)}`) ?? 0,
        enabled: r.enabled,
      }))
      // A version that paid in the period was in force, whatever the toggles say.
      .filter((v) => v.enabled || v.commissions > 0)
      .map(({ enabled: _enabled, ...v }) => v),
    changes: changes.rows,
  };
}

async function auditRows(tx: Tx, period: Period, actions: string[]) {
  const where = sql`action in (${sql.join(
    actions.map((a) => sql`${a}`),
    sql`, `,
  )}) and created_at >= ${ts(period.start)} and created_at < ${ts(period.end)}`;
  const [count] = rowsOf<{ n: Num }>(await tx.execute(sql`select count(*) as n from audit_logs where ${where}`));
  const rows = rowsOf<{ at: string; actor: string; action: string; target: string | null; data: Record<string, unknown> }>(
    await tx.execute(sql`
      select ${iso(sql`created_at`)} as at, ${actorOf(sql`actor_type`, sql`actor_id`)} as actor, action,
             coalesce(target_type || ':' || target_id, '') as target, data
        from audit_logs where ${where}
       order by created_at, id limit ${DETAIL_LIMIT}`),
  );
  return {
    count: num(count?.n ?? 0),
    rows: rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target ?? "",
      // Keys sorted: jsonb's own key order differs between engines, the fingerprint must not.
      detail: Object.keys(r.data)
        .sort()
        .map((k) => `${k}=${text(r.data[k])}`)
        .join("; "),
    })),
  };
}

async function reparentFigures(tx: Tx, period: Period) {
  const where = sql`r.created_at >= ${ts(period.start)} and r.created_at < ${ts(period.end)}`;
  const [count] = rowsOf<{ n: Num }>(await tx.execute(sql`select count(*) as n from referral_changes r where ${where}`));
  const rows = rowsOf<{ at: string; actor: string; distributor: string; from: string | null; to: string | null; reason: string }>(
    await tx.execute(sql`
      select ${iso(sql`r.created_at`)} as at, ${actorOf(sql`r.actor_type`, sql`r.actor_id`)} as actor,
             d.code as distributor, f.code as "from", t.code as "to", r.reason
        from referral_changes r
        join distributors d on d.tenant_id = r.tenant_id and d.id = r.distributor_id
        left join distributors f on f.tenant_id = r.tenant_id and f.id = r.from_upline_id
        left join distributors t on t.tenant_id = r.tenant_id and t.id = r.to_upline_id
       where ${where}
       order by r.created_at, r.id limit ${DETAIL_LIMIT}`),
  );
  return { count: num(count?.n ?? 0), rows: rows.map((r) => ({ ...r, from: r.from ?? "", to: r.to ?? "" })) };
}

/**
 * An audit entry's id field as a uuid (null when it is not one), so the join is an index probe
 * by primary key: comparing `id::text` to it read every distributor of the brand per entry.
 */
const uuidOrNull = (text: SQL) =>
  sql`case when ${text} ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then (${text})::uuid end`;

async function overrideFigures(tx: Tx, period: Period) {
  const where = sql`a.action = 'binding.overridden' and a.created_at >= ${ts(period.start)} and a.created_at < ${ts(period.end)}`;
  const [count] = rowsOf<{ n: Num }>(await tx.execute(sql`select count(*) as n from audit_logs a where ${where}`));
  const rows = rowsOf<{ at: string; actor: string; buyer: string | null; from: string | null; to: string | null; reason: string | null }>(
    await tx.execute(sql`
      select ${iso(sql`a.created_at`)} as at, ${actorOf(sql`a.actor_type`, sql`a.actor_id`)} as actor,
             a.target_id as buyer, f.code as "from", t.code as "to", a.data->>'reason' as reason
        from audit_logs a
        left join distributors f on f.tenant_id = a.tenant_id and f.id = ${uuidOrNull(sql`a.data->>'from'`)}
        left join distributors t on t.tenant_id = a.tenant_id and t.id = ${uuidOrNull(sql`a.data->>'to'`)}
       where ${where}
       order by a.created_at, a.id limit ${DETAIL_LIMIT}`),
  );
  return {
    count: num(count?.n ?? 0),
    rows: rows.map((r) => ({ at: r.at, actor: r.actor, buyer: r.buyer ?? "", from: r.from ?? "", to: r.to ?? "", reason: r.reason ?? "" })),
  };
}

const DECISIONS = ["hold", "release", "reject"] as const;
/** The journal kind each decision posts (server/settlement/holds.ts). */
const DECISION_KIND: Record<(typeof DECISIONS)[number], string> = { hold: "adjustment", release: "hold_release", reject: "hold_reject" };

async function riskFigures(tx: Tx, period: Period) {
  const [start, end] = [ts(period.start), ts(period.end)];
  const audited = rowsOf<{ action: string; n: Num; amount: Num }>(
    await tx.execute(sql`
      select action, count(*) as n, coalesce(sum((data->>'amountFen')::bigint), 0) as amount
        from audit_logs
       where action in ('commission.hold', 'commission.release', 'commission.reject') and created_at >= ${start} and created_at < ${end}
       group by action`),
  );
  // The ledger's side of the same decisions: a journal each, whose debits are what it moved.
  const journals = rowsOf<{ kind: string; n: Num; amount: Num }>(
    await tx.execute(sql`
      select j.kind::text as kind, count(distinct j.id) as n, coalesce(sum(p.amount_fen) filter (where p.amount_fen > 0), 0) as amount
        from ledger_journals j
        join ledger_postings p on p.tenant_id = j.tenant_id and p.journal_id = j.id
       where j.cause_type = 'risk_decision' and j.created_at >= ${start} and j.created_at < ${end}
       group by j.kind`),
  );
  const detail = await auditRows(tx, period, ["commission.hold", "commission.release", "commission.reject"]);
  return {
    byDecision: DECISIONS.map((d) => {
      const a = audited.find((r) => r.action === `commission.${d}`);
      const j = journals.find((r) => r.kind === DECISION_KIND[d]);
      return { decision: d, decisions: num(a?.n ?? 0), journals: num(j?.n ?? 0), amountFen: num(j?.amount ?? 0) };
    }),
    count: detail.count,
    rows: detail.rows,
  };
}

/** The figures of one period; read inside the brand's tenant transaction. */
export async function complianceFigures(tx: Tx, period: Period): Promise<ComplianceFigures> {
  // The month's commissions joined to their lines and its postings to their journals are hash
  // joins and distinct counts over millions of rows at a large brand: with the default 4 MB
  // they spill to disk in batches. One report at a time, for this transaction only.
  await tx.execute(sql`set local work_mem = '128MB'`);
  const settings = await getSettings(tx);
  const startIso = shanghai(period.start);
  const endIso = shanghai(period.end);
  const levels = await settingChanges(tx, "settings.program.updated", ["commissionLevels"], period);
  const enrolmentFields = ["enrolmentMode", "enrolmentSpendThresholdFen", "enrolmentAutoApprove"];
  const enrolment = await settingChanges(tx, "settings.enrolment.updated", enrolmentFields, period);
  const modeAtStart = valueAt(enrolment.all, "enrolmentMode", startIso, settings.enrolmentMode as string);
  const modeAtEnd = valueAt(enrolment.all, "enrolmentMode", endIso, settings.enrolmentMode as string);
  const modeChanges = enrolment.inPeriod.filter((c) => c.field === "enrolmentMode");
  const tiers = await tierFigures(tx, period);
  const ledger = await ledgerFigures(tx, period);
  return {
    period: { label: period.label, from: startIso, to: endIso },
    levels: {
      atStart: valueAt(levels.all, "commissionLevels", startIso, settings.commissionLevels),
      atEnd: valueAt(levels.all, "commissionLevels", endIso, settings.commissionLevels),
      cap: MAX_TIERS,
      changes: levels.inPeriod,
    },
    tiers: {
      deepestEver: tiers.deepestEver,
      deepestInPeriod: tiers.deepestInPeriod,
      withinCap: tiers.deepestEver <= MAX_TIERS,
      byTier: tiers.byTier,
    },
    integrity: {
      commissions: tiers.commissions,
      withoutOrderLine: tiers.withoutOrderLine,
      expenseJournals: ledger.expenseJournals,
      expenseJournalsWithoutOrder: ledger.expenseJournalsWithoutOrder,
      expenseFen: ledger.expenseFen,
      expenseByCause: ledger.expenseByCause,
    },
    enrolment: {
      modeAtStart,
      modeAtEnd,
      spendThresholdFenAtEnd: Number(valueAt(enrolment.all, "enrolmentSpendThresholdFen", endIso, settings.enrolmentSpendThresholdFen)),
      autoApproveAtEnd: valueAt(enrolment.all, "enrolmentAutoApprove", endIso, settings.enrolmentAutoApprove),
      spendThresholdRisk: modeAtStart === "spend_threshold" || modeChanges.some((c) => c.to === "spend_threshold"),
      changes: enrolment.inPeriod,
    },
    rules: await ruleFigures(tx, period, tiers.byVersion),
    reparents: await reparentFigures(tx, period),
    bindingOverrides: await overrideFigures(tx, period),
    riskDecisions: await riskFigures(tx, period),
    payouts: ledger.payouts,
  };
}

/** The report: the figures, their fingerprint and the brand they are for. */
export async function complianceReport(tx: Tx, period: Period): Promise<ComplianceReport> {
  const figures = await complianceFigures(tx, period);
  const settings = await getSettings(tx);
  return { brand: { name: settings.displayName }, figures, fingerprint: fingerprintOf(figures) };
}
