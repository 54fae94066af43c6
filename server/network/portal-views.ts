/**
 * What the portal shows a member about their own place in the network: application status
 * and enrolment rules, and My Team within the commission levels. The router declares the
 * output shapes; these read everything inside the member's tenant transaction.
 */
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors, members } from "@/db/schema";
import { AppError } from "@/server/errors";
import { getSettings } from "@/server/tenancy/settings";
import { findByMember } from "./find";
import { maskName } from "./mask-name";
import { countTeam, teamPage } from "./tree";

const upline = alias(distributors, "upline");

export async function portalStatus(tx: Tx, memberId: string) {
  const settings = await getSettings(tx);
  const [member] = await tx.select({ spent: members.totalSpendFen }).from(members).where(eq(members.id, memberId));
  const [d] = await tx
    .select({
      code: distributors.code,
      name: distributors.name,
      status: distributors.status,
      role: distributors.role,
      region: distributors.region,
      levelName: distributorLevels.name,
      rejectReason: distributors.rejectReason,
      appliedAt: distributors.appliedAt,
      approvedAt: distributors.approvedAt,
      uplineName: upline.name,
      directCustomerCount: distributors.directCustomerCount,
    })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .leftJoin(upline, and(eq(upline.tenantId, distributors.tenantId), eq(upline.id, distributors.uplineId)))
    .where(eq(distributors.memberId, memberId));
  return {
    // The member's own name in full; the upline's masked like a phone number.
    distributor: d ? { ...d, uplineName: d.uplineName === null ? null : maskName(d.uplineName) } : null,
    enrolment: {
      mode: settings.enrolmentMode,
      autoApprove: settings.enrolmentAutoApprove,
      thresholdFen: settings.enrolmentSpendThresholdFen,
      spentFen: member?.spent ?? 0,
      fields: settings.applicationFields,
    },
    commissionLevels: settings.commissionLevels,
  };
}

/** The member's distributor record, refused unless it is active (only they have a team). */
export async function requireActiveDistributor(tx: Tx, memberId: string) {
  const d = await findByMember(tx, memberId);
  if (!d || d.status !== "active") throw new AppError("FORBIDDEN", "Only active distributors have a team.");
  return d;
}

/** My Team: counts per level and a page of members, down to the levels I earn on. */
export async function portalTeam(tx: Tx, memberId: string, page: { limit: number; offset: number }) {
  const me = await requireActiveDistributor(tx, memberId);
  const { commissionLevels } = await getSettings(tx);
  // I earn on my own buyers (tier 1) and on team members down to tier `commissionLevels`.
  const depth = Math.max(1, commissionLevels - 1);
  const counts = await countTeam(tx, me, depth);
  const rows = await teamPage(tx, { distributorId: me.id, ...page, maxLevels: depth });
  return {
    levels: counts.levels,
    members: rows.map((r) => ({ code: r.code, name: maskName(r.name), status: r.status, level: r.level, joinedAt: r.appliedAt })),
    total: counts.levels.reduce((s, l) => s + l.total, 0),
  };
}
