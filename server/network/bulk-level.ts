/**
 * Bulk level change: selected distributors get one level (or none) in one transaction, one audit
 * entry per distributor that changed, and a result that says what happened to every id asked
 * for (changed, already at that level, not found). A level that is not the brand's is a field
 * error and changes nothing.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors } from "@/db/schema";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";

export const bulkLevelSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(500),
  levelId: z.uuid().nullable(),
});

export async function bulkSetLevel(tx: Tx, actor: Actor, raw: z.input<typeof bulkLevelSchema>) {
  const input = bulkLevelSchema.parse(raw);
  const ids = [...new Set(input.ids)];
  if (input.levelId) {
    const [level] = await tx.select({ id: distributorLevels.id }).from(distributorLevels).where(eq(distributorLevels.id, input.levelId));
    if (!level) throw new AppError("NOT_FOUND", "No such level.", { fields: { levelId: "level.notFound" } });
  }
  const before = await tx
    .select({ id: distributors.id, levelId: distributors.levelId })
    .from(distributors)
    .where(inArray(distributors.id, ids))
    .for("update");
  const changed = await tx
    .update(distributors)
    .set({ levelId: input.levelId })
    .where(and(inArray(distributors.id, ids), sql`${distributors.levelId} is distinct from ${input.levelId}::uuid`))
    .returning({ id: distributors.id });
  const from = new Map(before.map((b) => [b.id, b.levelId]));
  for (const { id } of changed) {
    await audit(tx, actor, { action: "distributor.level_changed", targetType: "distributor", targetId: id, data: { levelId: [from.get(id) ?? null, input.levelId], bulk: true } });
  }
  const changedIds = new Set(changed.map((c) => c.id));
  return {
    changed: changed.length,
    unchanged: before.length - changed.length,
    notFound: ids.filter((id) => !from.has(id)),
    results: ids.map((id) => ({ id, outcome: changedIds.has(id) ? ("changed" as const) : from.has(id) ? ("unchanged" as const) : ("not_found" as const) })),
  };
}
