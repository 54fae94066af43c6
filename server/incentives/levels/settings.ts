/** Brand incentive settings (ladders, level look-back and demotion, employees). */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { incentiveSettings } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { audit, type Actor } from "@/server/tenancy/audit";
import { ladderSchema, type LadderStep } from "../team-bonus/ladder";

export interface IncentiveSettings {
  teamLeadLadder: LadderStep[];
  cityPartnerLadder: LadderStep[];
  levelLookbackDays: number;
  levelDemotion: boolean;
  excludeEmployeesFromTeamBonus: boolean;
}

export const DEFAULT_INCENTIVE_SETTINGS: IncentiveSettings = {
  teamLeadLadder: [],
  cityPartnerLadder: [],
  levelLookbackDays: 365,
  levelDemotion: false,
  excludeEmployeesFromTeamBonus: false,
};

export const incentiveSettingsSchema = z.object({
  teamLeadLadder: ladderSchema,
  cityPartnerLadder: ladderSchema,
  levelLookbackDays: z.number().int().min(1).max(3660),
  levelDemotion: z.boolean(),
  excludeEmployeesFromTeamBonus: z.boolean(),
});

export async function getIncentiveSettings(tx: Tx): Promise<IncentiveSettings> {
  const [row] = await tx.select().from(incentiveSettings);
  if (!row) return { ...DEFAULT_INCENTIVE_SETTINGS };
  return {
    teamLeadLadder: row.teamLeadLadder,
    cityPartnerLadder: row.cityPartnerLadder,
    levelLookbackDays: row.levelLookbackDays,
    levelDemotion: row.levelDemotion,
    excludeEmployeesFromTeamBonus: row.excludeEmployeesFromTeamBonus,
  };
}

export async function updateIncentiveSettings(tx: Tx, actor: Actor, raw: z.input<typeof incentiveSettingsSchema>) {
  const input = incentiveSettingsSchema.parse(raw);
  const before = await getIncentiveSettings(tx);
  const tenantId = await currentTenantId(tx);
  await tx
    .insert(incentiveSettings)
    .values({ tenantId, ...input })
    .onConflictDoUpdate({ target: incentiveSettings.tenantId, set: { ...input, updatedAt: sql`now()` } });
  // Ladders are arrays: compared by value, not by identity as diff() would.
  const changes = Object.fromEntries(
    (Object.keys(input) as (keyof IncentiveSettings)[])
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]))
      .map((k) => [k, [before[k], input[k]]]),
  );
  if (Object.keys(changes).length) await audit(tx, actor, { action: "settings.incentives.updated", targetType: "brand", data: changes });
  return input;
}
