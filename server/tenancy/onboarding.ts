/** The onboarding checklist, derived from what the brand has actually done (no flags to drift). */
import { count, eq, notInArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiKeys, auditLogs, brandSettings, distributors, invitations, memberships } from "@/db/schema";

export const ONBOARDING_STEPS = ["commission", "staff", "apiKey", "distributor"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export async function onboardingStatus(tx: Tx) {
  // Whether any row exists: stop at the first instead of counting (the audit log only grows).
  const any = async (q: Promise<unknown[]>) => (await q).length > 0;
  const [commission, invited, team, apiKey, distributor, settings] = await Promise.all([
    any(
      tx
        .select({ one: sql`1` })
        .from(auditLogs)
        .where(eq(auditLogs.action, "settings.program.updated"))
        .limit(1),
    ),
    any(tx.select({ one: sql`1` }).from(invitations).limit(1)),
    tx.select({ n: count() }).from(memberships),
    any(tx.select({ one: sql`1` }).from(apiKeys).limit(1)),
    // An approved (or added) distributor, not a buyer: buyers become members when they sign in,
    // and an application still waiting for review is not a distributor yet.
    any(
      tx
        .select({ one: sql`1` })
        .from(distributors)
        .where(notInArray(distributors.status, ["applied", "rejected"]))
        .limit(1),
    ),
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
