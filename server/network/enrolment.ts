/** Enrolment settings: who may become a distributor, and what the application form asks. */
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { brandSettings } from "@/db/schema";
import { audit, diff, type Actor } from "@/server/tenancy/audit";
import { getSettings } from "@/server/tenancy/settings";
import { enrolmentSettingsSchema } from "./schemas";
import type { z } from "zod";

export async function updateEnrolmentSettings(tx: Tx, actor: Actor, raw: z.input<typeof enrolmentSettingsSchema>) {
  const input = enrolmentSettingsSchema.parse(raw);
  const before = await getSettings(tx);
  const [row] = await tx.update(brandSettings).set({ ...input, updatedAt: sql`now()` }).where(sql`true`).returning();
  await audit(tx, actor, { action: "settings.enrolment.updated", targetType: "brand", data: diff(before, input) });
  return row!;
}
