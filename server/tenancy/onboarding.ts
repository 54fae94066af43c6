/** The onboarding checklist, derived from what the brand has actually done (no flags to drift). */
import { count, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiKeys, auditLogs, brandSettings, invitations, memberships, members } from "@/db/schema";

export const ONBOARDING_STEPS = ["commission", "staff", "apiKey", "distributor"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export async function onboardingStatus(tx: Tx) {
  const one = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0) > 0;
  const [commission, invited, team, apiKey, distributor, settings] = await Promise.all([
    one(
      tx
        .select({ n: count() })
        .from(auditLogs)
        .where(eq(auditLogs.action, "settings.program.updated")),
    ),
    one(tx.select({ n: count() }).from(invitations)),
    tx.select({ n: count() }).from(memberships),
    one(tx.select({ n: count() }).from(apiKeys)),
    // Until the distributor network lands, any member who signed in to the portal counts.
    one(tx.select({ n: count() }).from(members)),
    tx.select({ dismissed: brandSettings.onboardingDismissedAt }).from(brandSettings),
  ]);
  const done: Record<OnboardingStep, boolean> = {
    commission,
    staff: invited || Number(team[0]?.n ?? 0) > 1,
    apiKey,
    distributor,
  };
  const steps = ONBOARDING_STEPS.map((id) => ({ id, done: done[id] }));
  return {
    steps,
    completed: steps.filter((s) => s.done).length,
    dismissed: !!settings[0]?.dismissed,
  };
}

export async function dismissOnboarding(tx: Tx) {
  await tx
    .update(brandSettings)
    .set({ onboardingDismissedAt: sql`now()` })
    .where(sql`true`);
}
