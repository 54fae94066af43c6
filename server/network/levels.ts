/** Brand-defined distributor levels and their upgrade evaluation. */
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError, isUniqueViolation } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { entryLevel } from "./levels-rules";
import { levelSchema } from "./schemas";
import type { z } from "zod";

export async function listLevels(tx: Tx) {
  return tx.select().from(distributorLevels).orderBy(asc(distributorLevels.rank));
}

/** A level by its name (the public API names levels by name), or null. */
export async function findLevelByName(tx: Tx, name: string) {
  const [row] = await tx.select().from(distributorLevels).where(eq(distributorLevels.name, name.trim()));
  return row ?? null;
}

function conflict(e: unknown): never {
  if (isUniqueViolation(e, "distributor_levels_rank_key")) {
    throw new AppError("CONFLICT", "Another level already has this rank.", { fields: { rank: "level.rankTaken" } });
  }
  if (isUniqueViolation(e, "distributor_levels_name_key")) {
    throw new AppError("CONFLICT", "Another level already has this name.", { fields: { name: "level.nameTaken" } });
  }
  throw e;
}

export async function createLevel(tx: Tx, actor: Actor, raw: z.input<typeof levelSchema>) {
  const input = levelSchema.parse(raw);
  const row = await tx
    .transaction(async (sp) => (await sp.insert(distributorLevels).values({ tenantId: await currentTenantId(tx), ...input }).returning())[0]!)
    .catch(conflict);
  await audit(tx, actor, { action: "level.created", targetType: "level", targetId: row.id, data: input });
  return row;
}

export async function updateLevel(tx: Tx, actor: Actor, id: string, raw: z.input<typeof levelSchema>) {
  const input = levelSchema.parse(raw);
  const rows = await tx
    .transaction(async (sp) => sp.update(distributorLevels).set(input).where(eq(distributorLevels.id, id)).returning())
    .catch(conflict);
  if (!rows[0]) throw new AppError("NOT_FOUND", "Level not found.");
  await audit(tx, actor, { action: "level.updated", targetType: "level", targetId: id, data: input });
  return rows[0];
}

export async function deleteLevel(tx: Tx, actor: Actor, id: string) {
  const [used] = await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.levelId, id)).limit(1);
  if (used) throw new AppError("PRECONDITION_FAILED", "Distributors still hold this level; move them first.");
  const rows = await tx.delete(distributorLevels).where(eq(distributorLevels.id, id)).returning({ id: distributorLevels.id });
  if (!rows[0]) throw new AppError("NOT_FOUND", "Level not found.");
  await audit(tx, actor, { action: "level.deleted", targetType: "level", targetId: id });
}

/**
 * Gives a newly approved distributor its entry level (entryLevel: the lowest whose conditions
 * it meets). One that already holds a level (set by staff) keeps it. Audited as an upgrade from
 * no level.
 */
export async function assignEntryLevel(tx: Tx, distributorId: string) {
  const [d] = await tx.select().from(distributors).where(eq(distributors.id, distributorId));
  if (!d) return null;
  const levels = await listLevels(tx);
  if (d.levelId) return levels.find((l) => l.id === d.levelId) ?? null;
  const level = entryLevel(levels, d);
  if (!level) return null;
  await tx.update(distributors).set({ levelId: level.id }).where(eq(distributors.id, d.id));
  await audit(tx, { type: "system", id: null }, {
    action: "distributor.level_upgraded",
    targetType: "distributor",
    targetId: d.id,
    data: { from: null, to: level.name },
  });
  return level;
}
