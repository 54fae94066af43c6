/**
 * A brand's blacklist and its part in the shared cross-brand list (DOMAIN.md §7, issue 10 item 4).
 *
 * Entries store the brand-side keyed hash of the normalised value (the same hash ingest and KYC
 * store, server/risk/normalise.ts) and a masked form; the raw value is dropped here. When the
 * brand contributes to the shared list, the entry's platform-keyed hash goes there too (through
 * fx_risk_shared_contribute, which checks the opt-in itself). Removing an entry stamps it
 * removed and withdraws the brand's own shared copy.
 *
 * Ingest runs its own set-based probe of the same tables (server/risk/ingest-reads.ts);
 * `checkValues` here answers "is this listed?" for people and other services.
 */
import { and, desc, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import {
  RISK_LIST_KINDS,
  SHARED_LIST_KINDS,
  type RiskListKind,
  type RiskReasonCategory,
  type SharedListKind,
} from "@/db/risk-kinds";
import { riskBlacklistEntries, riskSettings } from "@/db/schema";
import { rowsOf } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { jsonParam } from "@/server/ledger/post";
import { decryptPii } from "@/server/payouts/crypto/pii";
import { audit, type Actor } from "@/server/tenancy/audit";
import { normaliseIp, normaliseListValue, sharedHash, type NormalisedValue } from "./normalise";

export const actorRef = (actor: Actor) => `${actor.type}:${actor.id ?? ""}`;

export interface BlacklistEntryInput {
  kind: RiskListKind;
  value: string;
  reason: string;
  reasonCategory?: RiskReasonCategory;
  expiresAt?: Date | null;
  /** Who / what put it there: manual (console), import (CSV), api, freeze (a distributor frozen for fraud). */
  source?: "manual" | "import" | "api" | "freeze";
  distributorId?: string | null;
}

export interface BlacklistEntryView {
  id: string;
  kind: RiskListKind;
  masked: string;
  reason: string;
  reasonCategory: RiskReasonCategory;
  source: string;
  shared: boolean;
  distributorId: string | null;
  expiresAt: Date | null;
  createdBy: string;
  createdAt: Date;
  removedAt: Date | null;
}

const VIEW = {
  id: riskBlacklistEntries.id,
  kind: riskBlacklistEntries.kind,
  masked: riskBlacklistEntries.masked,
  reason: riskBlacklistEntries.reason,
  reasonCategory: riskBlacklistEntries.reasonCategory,
  source: riskBlacklistEntries.source,
  shared: sql<boolean>`${riskBlacklistEntries.sharedHash} is not null`,
  distributorId: riskBlacklistEntries.distributorId,
  expiresAt: riskBlacklistEntries.expiresAt,
  createdBy: riskBlacklistEntries.createdBy,
  createdAt: riskBlacklistEntries.createdAt,
  removedAt: riskBlacklistEntries.removedAt,
};

export async function loadRiskSharing(tx: Tx): Promise<{ shareContribute: boolean; shareConsume: boolean }> {
  const [row] = await tx.select({ shareContribute: riskSettings.shareContribute, shareConsume: riskSettings.shareConsume }).from(riskSettings);
  return row ?? { shareContribute: false, shareConsume: false };
}

/** Opt in or out of contributing to / consuming the shared list. */
export async function updateRiskSharing(tx: Tx, tenantId: string, actor: Actor, input: { shareContribute?: boolean; shareConsume?: boolean }) {
  const current = await loadRiskSharing(tx);
  const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  await tx
    .insert(riskSettings)
    .values({ tenantId, ...next, updatedAt: new Date() })
    .onConflictDoUpdate({ target: riskSettings.tenantId, set: { ...next, updatedAt: new Date() } });
  await audit(tx, actor, { action: "risk.sharing_updated", targetType: "risk_settings", data: { from: current, to: next } });
  return next;
}

const isShareable = (kind: RiskListKind): kind is SharedListKind => (SHARED_LIST_KINDS as readonly string[]).includes(kind);

interface PreparedRow {
  id: string;
  n: NormalisedValue;
  input: BlacklistEntryInput;
  shared: string | null;
}

function prepare(tenantId: string, input: BlacklistEntryInput, contribute: boolean): PreparedRow | null {
  const n = normaliseListValue(tenantId, input.kind, input.value);
  if (!n) return null;
  return { id: uuidv7(), n, input, shared: contribute && isShareable(n.kind) ? sharedHash(n.kind, n.normalised) : null };
}

/**
 * Inserts prepared rows in one statement; a value already live on the list is skipped (its
 * existing entry stands). Returns the ids inserted, and contributes them to the shared list.
 */
async function insertRows(tx: Tx, tenantId: string, actor: Actor, rows: PreparedRow[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into risk_blacklist_entries (tenant_id, id, kind, value_hash, ip_range, masked, reason, shared_hash,
        reason_category, distributor_id, source, expires_at, created_by)
      select ${tenantId}::uuid, x.id, x.kind::risk_list_kind, x.hash, x.ip_range, x.masked, x.reason, x.shared,
        x.category::risk_reason_category, x.distributor, x.source, x.expires_at, ${actorRef(actor)}
      from jsonb_to_recordset(${jsonParam(
        rows.map((r) => ({
          id: r.id,
          kind: r.n.kind,
          hash: r.n.hash,
          ip_range: r.n.ipRange,
          masked: r.n.masked,
          reason: r.input.reason.trim(),
          shared: r.shared,
          category: r.input.reasonCategory ?? "other",
          distributor: r.input.distributorId ?? null,
          source: r.input.source ?? "manual",
          expires_at: r.input.expiresAt ? r.input.expiresAt.toISOString() : null,
        })),
      )}) as x(id uuid, kind text, hash text, ip_range text, masked text, reason text, shared text, category text,
        distributor uuid, source text, expires_at timestamptz)
      on conflict (tenant_id, kind, value_hash) where removed_at is null do nothing
      returning id`),
  );
  const ids = new Set(inserted.map((r) => r.id));
  const shared = rows.filter((r) => r.shared && ids.has(r.id));
  if (shared.length) {
    await tx.execute(
      sql`select fx_risk_shared_contribute(${jsonParam(
        shared.map((r) => ({ id: uuidv7(), kind: r.n.kind, hash: r.shared, category: r.input.reasonCategory ?? "other" })),
      )})`,
    );
  }
  return ids;
}

export async function addBlacklistEntry(tx: Tx, tenantId: string, actor: Actor, input: BlacklistEntryInput): Promise<BlacklistEntryView> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError("BAD_REQUEST", "The expiry must be in the future.", { fields: { expiresAt: "in_past" } });
  }
  if (!input.reason.trim()) throw new AppError("BAD_REQUEST", "Give a reason.", { fields: { reason: "required" } });
  const { shareContribute } = await loadRiskSharing(tx);
  const row = prepare(tenantId, input, shareContribute);
  if (!row) throw new AppError("BAD_REQUEST", `Not a valid ${input.kind} value.`, { fields: { value: "invalid_format" } });
  const ids = await insertRows(tx, tenantId, actor, [row]);
  if (!ids.size) throw new AppError("CONFLICT", "This value is already on the blacklist.", { fields: { value: "duplicate" } });
  await audit(tx, actor, {
    action: "risk.blacklist_added",
    targetType: "risk_blacklist_entry",
    targetId: row.id,
    data: { kind: input.kind, masked: row.n.masked, reason: input.reason.trim(), shared: row.shared !== null },
  });
  const [view] = await tx.select(VIEW).from(riskBlacklistEntries).where(eq(riskBlacklistEntries.id, row.id));
  return view!;
}

export interface BulkRow {
  kind: string;
  value: string;
  reason: string;
  reasonCategory?: RiskReasonCategory;
  expiresAt?: Date | null;
}

export interface BulkResult {
  added: number;
  /** Already live on the list (or repeated within the file). */
  duplicates: number;
  /** 1-based row numbers of the parsed rows, with the field and the problem. */
  errors: { row: number; field: string; key: string }[];
}

/**
 * Adds parsed rows (a CSV import) in one statement. Rows with an unknown kind, an invalid value,
 * no reason or an expiry in the past are reported, not added; the rest go in.
 */
export async function bulkAddBlacklist(
  tx: Tx,
  tenantId: string,
  actor: Actor,
  rows: BulkRow[],
  opts: { source?: "import" | "api"; now?: Date } = {},
): Promise<BulkResult> {
  const now = opts.now ?? new Date();
  const { shareContribute } = await loadRiskSharing(tx);
  const errors: BulkResult["errors"] = [];
  const seen = new Set<string>();
  const prepared: PreparedRow[] = [];
  let duplicates = 0;
  rows.forEach((r, i) => {
    const row = i + 1;
    const kind = r.kind.trim().toLowerCase();
    if (!(RISK_LIST_KINDS as readonly string[]).includes(kind)) return errors.push({ row, field: "kind", key: "invalid_value" });
    if (!r.reason?.trim()) return errors.push({ row, field: "reason", key: "required" });
    if (r.expiresAt && r.expiresAt.getTime() <= now.getTime()) return errors.push({ row, field: "expiresAt", key: "in_past" });
    const p = prepare(tenantId, { ...r, kind: kind as RiskListKind, source: opts.source ?? "import" }, shareContribute);
    if (!p) return errors.push({ row, field: "value", key: "invalid_format" });
    const key = `${p.n.kind}:${p.n.hash}`;
    if (seen.has(key)) return duplicates++;
    seen.add(key);
    prepared.push(p);
  });
  const ids = await insertRows(tx, tenantId, actor, prepared);
  duplicates += prepared.length - ids.size;
  if (ids.size) {
    await audit(tx, actor, { action: "risk.blacklist_imported", targetType: "risk_blacklist", data: { added: ids.size, duplicates, errors: errors.length } });
  }
  return { added: ids.size, duplicates, errors };
}

export interface ListBlacklistInput {
  kind?: RiskListKind;
  /** Include removed and expired entries (history). */
  includeInactive?: boolean;
  /** Keyset: entries created before this entry id (uuid v7 is time-ordered). */
  before?: string;
  limit?: number;
  now?: Date;
}

/** Newest first, keyset-paged. Live entries only unless asked for history. */
export async function listBlacklist(tx: Tx, input: ListBlacklistInput = {}): Promise<{ items: BlacklistEntryView[]; next: string | null }> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const now = input.now ?? new Date();
  const where: (SQL | undefined)[] = [
    input.kind ? eq(riskBlacklistEntries.kind, input.kind) : undefined,
    input.before ? lt(riskBlacklistEntries.id, input.before) : undefined,
  ];
  if (!input.includeInactive) {
    where.push(isNull(riskBlacklistEntries.removedAt));
    where.push(sql`(${riskBlacklistEntries.expiresAt} is null or ${riskBlacklistEntries.expiresAt} > ${now.toISOString()}::timestamptz)`);
  }
  const items = await tx
    .select(VIEW)
    .from(riskBlacklistEntries)
    .where(and(...where))
    .orderBy(desc(riskBlacklistEntries.id))
    .limit(limit + 1);
  const more = items.length > limit;
  const page = more ? items.slice(0, limit) : items;
  return { items: page, next: more ? page[page.length - 1]!.id : null };
}

export async function removeBlacklistEntry(tx: Tx, tenantId: string, actor: Actor, input: { id: string; reason?: string }) {
  const [row] = await tx
    .update(riskBlacklistEntries)
    .set({ removedAt: new Date(), removedBy: actorRef(actor) })
    .where(and(eq(riskBlacklistEntries.id, input.id), isNull(riskBlacklistEntries.removedAt)))
    .returning({ id: riskBlacklistEntries.id, kind: riskBlacklistEntries.kind, masked: riskBlacklistEntries.masked, sharedHash: riskBlacklistEntries.sharedHash });
  if (!row) throw new AppError("NOT_FOUND", "Blacklist entry not found.");
  if (row.sharedHash) await tx.execute(sql`select fx_risk_shared_withdraw(${row.kind}, ${row.sharedHash})`);
  await audit(tx, actor, {
    action: "risk.blacklist_removed",
    targetType: "risk_blacklist_entry",
    targetId: row.id,
    data: { kind: row.kind, masked: row.masked, reason: input.reason ?? null },
  });
  return { id: row.id };
}

export interface BlacklistHit {
  /** Index of the value in the input. */
  index: number;
  kind: RiskListKind;
  masked: string;
  /** brand: this brand's own entry; shared: another brand's, shown only as date and category. */
  list: "brand" | "shared";
  entryId: string | null;
  reason: string | null;
  reasonCategory: RiskReasonCategory;
  listedAt: Date;
}

/**
 * Which of these values are listed, on the brand's list (live, unexpired) or, when the brand
 * consumes it, on other brands' shared list. An IP is checked against the brand's ranges.
 * Two statements, sent together.
 */
export async function checkValues(
  tx: Tx,
  tenantId: string,
  values: { kind: Exclude<RiskListKind, "ip_range"> | "ip"; value: string }[],
  now = new Date(),
): Promise<BlacklistHit[]> {
  const items: { index: number; kind: RiskListKind; hash: string; masked: string; shared: string | null; ip: string | null }[] = [];
  values.forEach((v, index) => {
    if (v.kind === "ip") {
      const ip = normaliseIp(v.value);
      if (ip) items.push({ index, kind: "ip_range", hash: "", masked: ip, shared: null, ip });
      return;
    }
    const n = normaliseListValue(tenantId, v.kind, v.value);
    if (n) items.push({ index, kind: n.kind, hash: n.hash, masked: n.masked, shared: isShareable(n.kind) ? sharedHash(n.kind, n.normalised) : null, ip: null });
  });
  if (!items.length) return [];
  const exact = items.filter((i) => !i.ip);
  const ips = items.filter((i) => i.ip);
  const [brandRows, sharedRows] = await Promise.all([
    tx
      .execute(sql`
        select e.id, e.kind, e.value_hash, e.ip_range, e.reason, e.reason_category, e.created_at, x.i
        from jsonb_to_recordset(${jsonParam([...exact.map((i) => ({ i: i.index, k: i.kind, h: i.hash, ip: null })), ...ips.map((i) => ({ i: i.index, k: "ip_range", h: null, ip: i.ip }))])})
          as x(i int, k text, h text, ip text)
        join risk_blacklist_entries e on e.removed_at is null
          and (e.expires_at is null or e.expires_at > ${now.toISOString()}::timestamptz)
          and ((x.h is not null and e.kind = x.k::risk_list_kind and e.value_hash = x.h)
            or (x.ip is not null and e.kind = 'ip_range' and x.ip::inet <<= e.ip_range::cidr))`)
      .then((r) => rowsOf<{ id: string; kind: RiskListKind; reason: string; reason_category: RiskReasonCategory; created_at: string | Date; i: number }>(r)),
    exact.some((i) => i.shared)
      ? tx
          .execute(sql`select kind, value_hash, listed_at, reason_category from fx_risk_shared_match(${jsonParam(exact.filter((i) => i.shared).map((i) => ({ k: i.kind, h: i.shared })))})`)
          .then((r) => rowsOf<{ kind: RiskListKind; value_hash: string; listed_at: string | Date; reason_category: RiskReasonCategory }>(r))
      : [],
  ]);
  const hits: BlacklistHit[] = [];
  const byIndex = new Map(items.map((i) => [i.index, i]));
  for (const r of brandRows) {
    const item = byIndex.get(Number(r.i))!;
    hits.push({ index: item.index, kind: item.kind === "ip_range" ? "ip_range" : r.kind, masked: item.masked, list: "brand", entryId: r.id, reason: r.reason, reasonCategory: r.reason_category, listedAt: new Date(r.created_at) });
  }
  const sharedBy = new Map(sharedRows.map((r) => [`${r.kind}:${r.value_hash}`, r]));
  for (const item of exact) {
    const s = item.shared ? sharedBy.get(`${item.kind}:${item.shared}`) : undefined;
    if (s) hits.push({ index: item.index, kind: item.kind, masked: item.masked, list: "shared", entryId: null, reason: null, reasonCategory: s.reason_category, listedAt: new Date(s.listed_at) });
  }
  return hits.sort((a, b) => a.index - b.index);
}

/**
 * Lists a distributor's identifiers in one step (freezing it for fraud, issue 10 item 4): its
 * phone identities (by the hash OneID stores) and its verified ID and bank card (KYC), each with
 * the masked form already stored. When the brand contributes to the shared list, the ID and card
 * are decrypted here only to compute their platform-keyed hash, and the KYC phone likewise.
 * Values already live on the list are skipped. Returns how many entries were added out of how
 * many identifiers the distributor has.
 */
export async function blacklistDistributor(
  tx: Tx,
  tenantId: string,
  actor: Actor,
  input: { distributorId: string; reason: string; reasonCategory?: RiskReasonCategory; now?: Date },
): Promise<{ added: number; candidates: number }> {
  const [d] = rowsOf<{ member_id: string; id_hash: string | null; id_masked: string | null; id_enc: string | null; card_hash: string | null; card_masked: string | null; card_enc: string | null; kyc_phone: string | null }>(
    await tx.execute(sql`
      select d.member_id, k.id_number_hash as id_hash, k.id_number_masked as id_masked, k.id_number_enc as id_enc,
        k.bank_card_hash as card_hash, k.bank_card_masked as card_masked, k.bank_card_enc as card_enc, k.phone as kyc_phone
      from distributors d left join distributor_identities k on k.distributor_id = d.id
      where d.id = ${input.distributorId}::uuid`),
  );
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  if (!input.reason.trim()) throw new AppError("BAD_REQUEST", "Give a reason.", { fields: { reason: "required" } });
  const { shareContribute } = await loadRiskSharing(tx);
  const phones = rowsOf<{ value_hash: string; masked: string }>(
    await tx.execute(sql`select value_hash, masked from member_identities where member_id = ${d.member_id}::uuid and kind = 'phone'`),
  );
  const rows: PreparedRow[] = [];
  const base: BlacklistEntryInput = { kind: "phone", value: "", reason: input.reason, reasonCategory: input.reasonCategory ?? "fraud", source: "freeze", distributorId: input.distributorId };
  const kycPhone = d.kyc_phone ? normaliseListValue(tenantId, "phone", d.kyc_phone) : null;
  for (const p of phones) {
    const shared = shareContribute && kycPhone?.hash === p.value_hash ? sharedHash("phone", kycPhone.normalised) : null;
    rows.push({ id: uuidv7(), n: { kind: "phone", normalised: "", hash: p.value_hash, masked: p.masked, ipRange: null }, input: base, shared });
  }
  if (kycPhone && !phones.some((p) => p.value_hash === kycPhone.hash)) {
    rows.push({ id: uuidv7(), n: kycPhone, input: base, shared: shareContribute ? sharedHash("phone", kycPhone.normalised) : null });
  }
  const kyc = (kind: "id_number" | "bank_card", hash: string | null, masked: string | null, enc: string | null) => {
    if (!hash || !masked) return;
    let shared: string | null = null;
    if (shareContribute && enc) {
      const n = normaliseListValue(tenantId, kind, decryptPii(enc));
      shared = n ? sharedHash(kind, n.normalised) : null;
    }
    rows.push({ id: uuidv7(), n: { kind, normalised: "", hash, masked, ipRange: null }, input: { ...base, kind }, shared });
  };
  kyc("id_number", d.id_hash, d.id_masked, d.id_enc);
  kyc("bank_card", d.card_hash, d.card_masked, d.card_enc);
  const ids = await insertRows(tx, tenantId, actor, rows);
  if (ids.size) {
    await audit(tx, actor, { action: "risk.blacklist_imported", targetType: "distributor", targetId: input.distributorId, data: { added: ids.size, source: "freeze" } });
  }
  return { added: ids.size, candidates: rows.length };
}
