/**
 * Distributors as a brand's own systems see them (the public API): found by referral code,
 * with levels and uplines named by name and code rather than by internal ids.
 */
import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors } from "@/db/schema";
import { balancesOfOne } from "@/server/ledger/balances";
import { AppError, isAppError } from "@/server/errors";
import { normalisePhone } from "@/server/portal/phone";
import type { Actor } from "@/server/tenancy/audit";
import { adminCreateDistributor, changeStatus } from "./distributors";
import { findByCode } from "./find";
import { findLevelByName } from "./levels";
import type { DISTRIBUTOR_ROLES } from "./schemas";

export interface SystemDistributorInput {
  name: string;
  phone: string;
  uplineCode?: string | null;
  /** A level's name. */
  level?: string | null;
  role?: (typeof DISTRIBUTOR_ROLES)[number];
  region?: string | null;
}

const up1 = alias(distributors, "up1");
const up2 = alias(distributors, "up2");

/**
 * One distributor by code: `uplineCodes` are its tier-2 and tier-3 earners, as far as they
 * exist. One read (the row keeps both uplines' ids). NOT_FOUND for another brand's code too.
 */
export async function distributorByCode(tx: Tx, code: string) {
  const [row] = await tx
    .select({
      id: distributors.id,
      code: distributors.code,
      name: distributors.name,
      status: distributors.status,
      level: distributorLevels.name,
      role: distributors.role,
      region: distributors.region,
      up1: up1.code,
      up2: up2.code,
      createdAt: distributors.createdAt,
    })
    .from(distributors)
    .leftJoin(distributorLevels, and(eq(distributorLevels.tenantId, distributors.tenantId), eq(distributorLevels.id, distributors.levelId)))
    .leftJoin(up1, and(eq(up1.tenantId, distributors.tenantId), eq(up1.id, distributors.uplineId)))
    .leftJoin(up2, and(eq(up2.tenantId, distributors.tenantId), eq(up2.id, distributors.upline2Id)))
    .where(eq(distributors.code, code.trim().toUpperCase()));
  if (!row) throw new AppError("NOT_FOUND", `No distributor with code ${code}.`);
  const { id, up1: tier2, up2: tier3, ...rest } = row;
  // Cached ledger balances, on their normal side, so all non-negative (arrears: owed back).
  const balances = await balancesOfOne(tx, id);
  return { ...rest, level: rest.level ?? null, uplineCodes: [tier2, tier3].filter((c): c is string => !!c), balances };
}

/**
 * Creates an active distributor (the brand's system vouches for them), resolving the person
 * through OneID by phone as the console's creation does. Names that match nothing are a
 * business refusal (422) naming the field; a phone that is already a distributor is 409.
 */
export async function createDistributorFromSystem(tx: Tx, actor: Actor, input: SystemDistributorInput) {
  if (!normalisePhone(input.phone)) {
    throw new AppError("BAD_REQUEST", "phone is not a mainland China mobile number.", { fields: { phone: "invalid_format" } });
  }
  const level = input.level ? await findLevelByName(tx, input.level) : null;
  if (input.level && !level) {
    throw new AppError("UNPROCESSABLE", `There is no level named "${input.level}".`, { fields: { level: "not_found" } });
  }
  if (input.uplineCode && !(await findByCode(tx, input.uplineCode))) {
    throw new AppError("UNPROCESSABLE", `There is no distributor with code ${input.uplineCode}.`, { fields: { uplineCode: "not_found" } });
  }
  const row = await adminCreateDistributor(tx, actor, {
    name: input.name,
    phone: input.phone,
    uplineCode: input.uplineCode ?? null,
    levelId: level?.id ?? null,
    role: input.role,
    region: input.region ?? null,
  }).catch((e: unknown) => {
    if (isAppError(e) && e.code === "CONFLICT") {
      throw new AppError("CONFLICT", "This phone number already belongs to a distributor.", { fields: { phone: "taken" } });
    }
    throw e;
  });
  return distributorByCode(tx, row.code);
}

/**
 * Sets a distributor's status (history and audit through changeStatus). Asking for the status
 * it already has changes nothing; a move the rules forbid (e.g. from `applied`) is 422.
 */
export async function setStatusByCode(tx: Tx, actor: Actor, code: string, input: { status: "active" | "frozen" | "disabled"; reason: string }) {
  const d = await findByCode(tx, code);
  if (!d) throw new AppError("NOT_FOUND", `No distributor with code ${code}.`);
  if (d.status !== input.status) {
    await changeStatus(tx, actor, { id: d.id, ...input }).catch((e: unknown) => {
      if (isAppError(e) && e.code === "PRECONDITION_FAILED") {
        throw new AppError("UNPROCESSABLE", e.message, { fields: { status: "invalid_transition" } });
      }
      throw e;
    });
  }
  return distributorByCode(tx, d.code);
}
