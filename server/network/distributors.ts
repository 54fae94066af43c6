/**
 * Distributors: applications (portal), admin creation, review, status changes and profile.
 * A distributor is a member account that earns; its tree placement is fixed at creation and
 * changed only by re-parenting (tree.ts).
 */
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { brandSettings, distributorLevels, distributors, distributorStatusHistory, members } from "@/db/schema";
import { currentTenantId, firstRow } from "@/db/tenant";
import { AppError, isUniqueViolation } from "@/server/errors";
import { normalisePhone } from "@/server/portal/phone";
import { randomCode } from "@/server/shared/crypto";
import { audit, type Actor } from "@/server/tenancy/audit";
import { notify } from "@/server/notify/notify";
import { emitDistributorsApproved } from "@/server/webhooks/emit";
import { assignEntryLevel } from "./levels";
import { identityHash, maskIdentity } from "./identity";
import { resolveMember } from "./oneid";
import {
  adminCreateDistributorSchema,
  applicationSchema,
  DISTRIBUTOR_SORTS,
  distributorProfileSchema,
  reviewSchema,
  statusChangeSchema,
  type AdminCreateDistributorInput,
  type ApplicationInput,
} from "./schemas";
import { findByCode, findByMember, requireDistributor } from "./find";
import { placement } from "./tree";

type Status = (typeof distributors.$inferSelect)["status"];

async function recordStatus(tx: Tx, actor: Actor, distributorId: string, from: Status | null, to: Status, reason?: string | null) {
  await tx.insert(distributorStatusHistory).values({
    tenantId: await currentTenantId(tx),
    distributorId,
    fromStatus: from,
    toStatus: to,
    reason: reason ?? null,
    actorType: actor.type,
    actorId: actor.id,
  });
}

async function requireLevel(tx: Tx, levelId: string) {
  const [lvl] = await tx.select({ id: distributorLevels.id }).from(distributorLevels).where(eq(distributorLevels.id, levelId));
  if (!lvl) throw new AppError("BAD_REQUEST", "Unknown level.", { fields: { levelId: "level.invalid" } });
}

interface NewDistributor {
  memberId: string;
  name: string;
  phoneMasked: string | null;
  upline: { id: string; path: string; uplineId: string | null } | null;
  status: Status;
  role?: (typeof distributors.$inferInsert)["role"];
  region?: string | null;
  levelId?: string | null;
  note?: string | null;
  data?: Record<string, string>;
}

/** Inserts the row with a fresh random referral code (retrying the rare collision). */
export async function insertDistributor(tx: Tx, actor: Actor, d: NewDistributor) {
  const tenantId = await currentTenantId(tx);
  for (let attempt = 0; ; attempt++) {
    const code = randomCode(6);
    try {
      // A savepoint, so a code collision does not abort the caller's transaction.
      const row = await tx.transaction(async (sp) => {
        const id = uuidv7();
        const place = placement(d.upline, id);
        const [r] = await sp
          .insert(distributors)
          .values({
            tenantId,
            ...place,
            memberId: d.memberId,
            code,
            name: d.name,
            phoneMasked: d.phoneMasked,
            status: d.status,
            role: d.role ?? "distributor",
            region: d.region ?? null,
            levelId: d.levelId ?? null,
            applicationNote: d.note ?? null,
            applicationData: d.data ?? {},
            approvedAt: d.status === "active" ? sql`now()` : null,
          })
          .returning();
        return r!;
      });
      await recordStatus(tx, actor, row.id, null, row.status);
      // Made active at once (the API, the console, auto-approval): approved as it is created.
      if (row.status === "active") await emitDistributorsApproved(tx, tenantId, [row.id], row.approvedAt ?? new Date());
      return row;
    } catch (e) {
      if (isUniqueViolation(e, "distributors_code_key") && attempt < 5) continue;
      if (isUniqueViolation(e, "distributors_member_key")) {
        throw new AppError("CONFLICT", "This person is already a distributor.", { fields: { phone: "phone.alreadyDistributor" } });
      }
      throw e;
    }
  }
}

async function activeUpline(tx: Tx, code: string | null | undefined) {
  if (!code) return null;
  const up = await findByCode(tx, code);
  if (!up || up.status !== "active") {
    throw new AppError("BAD_REQUEST", "The inviter's code is not valid.", { fields: { inviterCode: "inviter.invalid" } });
  }
  return up;
}

/** A member applies from the portal (optionally through an inviter's link). */
export async function applyAsDistributor(
  tx: Tx,
  memberId: string,
  raw: ApplicationInput,
  now: Date = new Date(),
) {
  const input = applicationSchema.parse(raw);
  const [settings] = await tx.select().from(brandSettings);
  if (!settings) throw new AppError("NOT_FOUND", "Brand not found.");
  if (settings.enrolmentMode === "admin_only") {
    throw new AppError("PRECONDITION_FAILED", "This brand appoints its distributors; applications are closed.");
  }
  if (settings.enrolmentMode === "spend_threshold") {
    const [m] = await tx.select({ spend: members.totalSpendFen }).from(members).where(eq(members.id, memberId));
    if ((m?.spend ?? 0) < settings.enrolmentSpendThresholdFen) {
      throw new AppError("PRECONDITION_FAILED", "Applications open after your purchases reach the brand's threshold.", {
        fields: { thresholdFen: String(settings.enrolmentSpendThresholdFen), spentFen: String(m?.spend ?? 0) },
      });
    }
  }
  const missing = settings.applicationFields.filter((f) => f.required && !input.fields[f.key]?.trim());
  if (missing.length) {
    throw new AppError("BAD_REQUEST", "Please fill in the required fields.", {
      fields: Object.fromEntries(missing.map((f) => [`fields.${f.key}`, "field.required"])),
    });
  }
  const data = Object.fromEntries(settings.applicationFields.map((f) => [f.key, input.fields[f.key]?.trim() ?? ""]));
  const status: Status = settings.enrolmentAutoApprove ? "active" : "applied";
  const actor: Actor = { type: "distributor", id: memberId };
  const existing = await findByMember(tx, memberId);
  if (existing) {
    if (existing.status !== "rejected") {
      throw new AppError("CONFLICT", existing.status === "applied" ? "Your application is being reviewed." : "You are already a distributor.");
    }
    // A rejected applicant may apply again; the tree placement stays where it was.
    const [row] = await tx
      .update(distributors)
      .set({ status, name: input.name, region: input.region, applicationNote: input.note ?? null, applicationData: data, rejectReason: null, appliedAt: now })
      .where(eq(distributors.id, existing.id))
      .returning();
    await recordStatus(tx, actor, existing.id, "rejected", status, "reapplied");
    if (status === "active") await announceOutcome(tx, row!, { approved: true });
    return row!;
  }
  const upline = await activeUpline(tx, input.inviterCode);
  if (upline?.memberId === memberId) throw new AppError("BAD_REQUEST", "You cannot invite yourself.");
  const phone = await phoneMaskOf(tx, memberId);
  const row = await insertDistributor(tx, actor, {
    memberId,
    name: input.name,
    phoneMasked: phone,
    upline,
    status,
    region: input.region,
    note: input.note,
    data,
  });
  await audit(tx, actor, { action: "distributor.applied", targetType: "distributor", targetId: row.id, data: { upline: upline?.code ?? null, status } });
  if (status === "active") await announceOutcome(tx, row, { approved: true });
  return row;
}

async function phoneMaskOf(tx: Tx, memberId: string) {
  const row = firstRow<{ masked: string }>(
    await tx.execute(
      sql`select masked from member_identities where member_id = ${memberId} and kind = 'phone' order by created_at limit 1`,
    ),
  );
  return row?.masked ?? null;
}

/** Staff create a distributor directly (active at once), e.g. employees or appointed partners. */
export async function adminCreateDistributor(tx: Tx, actor: Actor, raw: AdminCreateDistributorInput) {
  const input = adminCreateDistributorSchema.parse(raw);
  const phone = normalisePhone(input.phone);
  if (!phone) throw new AppError("BAD_REQUEST", "Not a mainland mobile number.", { fields: { phone: "phone.invalid" } });
  if (input.levelId) await requireLevel(tx, input.levelId);
  const upline = input.uplineCode ? await findByCode(tx, input.uplineCode) : null;
  if (input.uplineCode && !upline) {
    throw new AppError("BAD_REQUEST", `No distributor with code ${input.uplineCode}.`, { fields: { uplineCode: "inviter.invalid" } });
  }
  const { memberId } = await resolveMember(tx, [{ kind: "phone", value: phone }], { displayName: input.name, actor });
  const row = await insertDistributor(tx, actor, {
    memberId,
    name: input.name,
    phoneMasked: maskIdentity("phone", phone),
    upline,
    status: "active",
    role: input.role,
    region: input.region,
    levelId: input.levelId ?? null,
  });
  await audit(tx, actor, { action: "distributor.created", targetType: "distributor", targetId: row.id, data: { code: row.code, upline: upline?.code ?? null } });
  return row;
}

/**
 * What follows a decision on an application: an approved distributor gets its level at once
 * (the lowest level whose conditions its figures meet: assignEntryLevel), and the applicant is
 * told (portal notification and SMS) either way.
 */
async function announceOutcome(tx: Tx, d: { id: string; memberId: string }, outcome: { approved: true } | { approved: false; reason: string }) {
  const [brand] = await tx.select({ name: brandSettings.displayName }).from(brandSettings);
  if (outcome.approved) {
    const level = await assignEntryLevel(tx, d.id);
    await notify(tx, { memberId: d.memberId, kind: "application.approved", params: { brand: brand?.name ?? "", level: level?.name ?? "—" } });
  } else {
    await notify(tx, { memberId: d.memberId, kind: "application.rejected", params: { brand: brand?.name ?? "", reason: outcome.reason } });
  }
}

export interface ReviewResult {
  id: string;
  ok: boolean;
  error?: "not_found" | "not_pending";
}

/** Approve or reject applications, one by one or in bulk; each id gets its own result. */
export async function reviewApplications(tx: Tx, actor: Actor, raw: { ids: string[]; decision: "approve" | "reject"; reason?: string }) {
  const input = reviewSchema.parse(raw);
  if (input.decision === "reject" && !input.reason) {
    throw new AppError("BAD_REQUEST", "Please give the applicant a reason.", { fields: { reason: "reason.required" } });
  }
  const rows = await tx.select({ id: distributors.id, status: distributors.status, memberId: distributors.memberId }).from(distributors).where(inArray(distributors.id, input.ids)).for("update");
  if (!rows.length) throw new AppError("NOT_FOUND", "No such application.");
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results: ReviewResult[] = [];
  const to: Status = input.decision === "approve" ? "active" : "rejected";
  for (const id of input.ids) {
    const r = byId.get(id);
    if (!r) {
      results.push({ id, ok: false, error: "not_found" });
      continue;
    }
    if (r.status !== "applied") {
      results.push({ id, ok: false, error: "not_pending" });
      continue;
    }
    await tx
      .update(distributors)
      .set(to === "active" ? { status: to, approvedAt: sql`now()` } : { status: to, rejectReason: input.reason })
      .where(eq(distributors.id, id));
    await recordStatus(tx, actor, id, "applied", to, input.reason);
    await audit(tx, actor, { action: `distributor.${input.decision === "approve" ? "approved" : "rejected"}`, targetType: "distributor", targetId: id, data: { reason: input.reason ?? null } });
    await announceOutcome(tx, { id, memberId: r.memberId }, to === "active" ? { approved: true } : { approved: false, reason: input.reason! });
    results.push({ id, ok: true });
  }
  if (to === "active") {
    await emitDistributorsApproved(tx, await currentTenantId(tx), results.filter((r) => r.ok).map((r) => r.id), new Date());
  }
  return results;
}

const ALLOWED: Record<Status, Status[]> = {
  applied: [],
  rejected: [],
  active: ["frozen", "disabled"],
  frozen: ["active", "disabled"],
  disabled: ["active"],
};

export async function changeStatus(tx: Tx, actor: Actor, raw: { id: string; status: "active" | "frozen" | "disabled"; reason: string }) {
  const input = statusChangeSchema.parse(raw);
  const [d] = await tx.select().from(distributors).where(eq(distributors.id, input.id)).for("update");
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  if (!ALLOWED[d.status].includes(input.status)) {
    throw new AppError("PRECONDITION_FAILED", `A ${d.status} distributor cannot become ${input.status}.`);
  }
  await tx.update(distributors).set({ status: input.status }).where(eq(distributors.id, d.id));
  await recordStatus(tx, actor, d.id, d.status, input.status, input.reason);
  await audit(tx, actor, { action: "distributor.status_changed", targetType: "distributor", targetId: d.id, data: { status: [d.status, input.status], reason: input.reason } });
}

export async function updateProfile(tx: Tx, actor: Actor, id: string, raw: { role: string; region?: string | null; levelId: string | null }) {
  const input = distributorProfileSchema.parse(raw);
  const [d] = await tx.select().from(distributors).where(eq(distributors.id, id));
  if (!d) throw new AppError("NOT_FOUND", "Distributor not found.");
  if (input.levelId) await requireLevel(tx, input.levelId);
  await tx.update(distributors).set(input).where(eq(distributors.id, id));
  await audit(tx, actor, {
    action: "distributor.updated",
    targetType: "distributor",
    targetId: id,
    data: { role: [d.role, input.role], region: [d.region, input.region], levelId: [d.levelId, input.levelId] },
  });
}

export interface DistributorFilter {
  status?: Status;
  role?: (typeof distributors.$inferSelect)["role"];
  levelId?: string;
  q?: string;
  /** The one order the console table offers; without it, the queue's oldest-first or everyone's newest-first. */
  sort?: (typeof DISTRIBUTOR_SORTS)[number];
  dir?: "asc" | "desc";
  limit: number;
  offset: number;
}

/** Newest-first by default, except the review queue, which is worked oldest-first. */
export function distributorOrderDesc(f: Pick<DistributorFilter, "status" | "dir">): boolean {
  return f.dir ? f.dir === "desc" : f.status !== "applied";
}

/** The list's filters as SQL, shared by the console list and its export; `q` matches name, code or an exact phone number. */
export function distributorWhere(f: Pick<DistributorFilter, "status" | "role" | "levelId" | "q">): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(distributors.status, f.status));
  if (f.role) conds.push(eq(distributors.role, f.role));
  if (f.levelId) conds.push(eq(distributors.levelId, f.levelId));
  const q = f.q?.trim();
  if (q) {
    const phone = normalisePhone(q);
    const phoneCond = phone
      ? sql`${distributors.memberId} in (select member_id from member_identities where kind = 'phone' and value_hash = ${identityHash("phone", phone)})`
      : undefined;
    conds.push(or(ilike(distributors.name, `%${q.replace(/[%_\\]/g, "\\$&")}%`), eq(distributors.code, q.toUpperCase()), phoneCond)!);
  }
  return conds.length ? and(...conds) : undefined;
}

/** Server-side paged list. */
export async function listDistributors(tx: Tx, f: DistributorFilter) {
  const where = distributorWhere(f);
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(distributors).where(where);
  const items = await tx
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      phoneMasked: distributors.phoneMasked,
      status: distributors.status,
      role: distributors.role,
      region: distributors.region,
      levelId: distributors.levelId,
      levelName: distributorLevels.name,
      uplineId: distributors.uplineId,
      appliedAt: distributors.appliedAt,
      approvedAt: distributors.approvedAt,
      applicationNote: distributors.applicationNote,
      applicationData: distributors.applicationData,
      directCustomerCount: distributors.directCustomerCount,
    })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .where(where)
    // Ties by id in the same direction, as the export's keyset reads them, so page and file agree.
    .orderBy(...(distributorOrderDesc(f) ? [desc(distributors.appliedAt), desc(distributors.id)] : [asc(distributors.appliedAt), asc(distributors.id)]))
    .limit(f.limit)
    .offset(f.offset);
  return { total: Number(n), items };
}

export async function statusHistory(tx: Tx, distributorId: string) {
  await requireDistributor(tx, distributorId);
  return statusHistoryOf(tx, distributorId);
}

/** statusHistory for a distributor the caller has already found. */
export async function statusHistoryOf(tx: Tx, distributorId: string) {
  return tx
    .select()
    .from(distributorStatusHistory)
    .where(eq(distributorStatusHistory.distributorId, distributorId))
    .orderBy(desc(distributorStatusHistory.createdAt));
}
