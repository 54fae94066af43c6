/**
 * People the brand pays through the flexible-employment platform whatever the amount (issue 9
 * item 4). Their withdrawals become `flexible` payouts, not withheld by the brand, and the
 * record says why: `routedBy: "person"` with the reason given here, or `"amount"` when the
 * brand's flexibleFromFen threshold routed it.
 */
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { currentTenantId } from "@/db/tenant";
import { distributors, flexibleRoutes } from "@/db/schema";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";

export type RoutedBy = "amount" | "person";

export interface FlexibleRoute {
  distributorId: string;
  code: string;
  name: string;
  reason: string;
  setAt: Date;
}

export async function listFlexibleRoutes(tx: Tx): Promise<FlexibleRoute[]> {
  return tx
    .select({ distributorId: flexibleRoutes.distributorId, code: distributors.code, name: distributors.name, reason: flexibleRoutes.reason, setAt: flexibleRoutes.setAt })
    .from(flexibleRoutes)
    .innerJoin(distributors, eq(distributors.id, flexibleRoutes.distributorId))
    .orderBy(asc(distributors.code));
}

/** The person's routing reason, or null when only the amount decides. */
export async function flexibleRouteOf(tx: Tx, distributorId: string): Promise<string | null> {
  const [row] = await tx.select({ reason: flexibleRoutes.reason }).from(flexibleRoutes).where(eq(flexibleRoutes.distributorId, distributorId));
  return row?.reason ?? null;
}

/** Routes a distributor (by code) to the platform; setting it again replaces the reason. */
export async function addFlexibleRoute(tx: Tx, actor: Actor, input: { code: string; reason: string }): Promise<FlexibleRoute> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError("BAD_REQUEST", "Say why this person is paid through the platform.", { fields: { reason: "required" } });
  const [d] = await tx.select({ id: distributors.id, code: distributors.code, name: distributors.name }).from(distributors).where(eq(distributors.code, input.code.trim()));
  if (!d) throw new AppError("NOT_FOUND", `No distributor has the code ${input.code.trim()}.`, { fields: { code: "not_found" } });
  const setBy = actor.type === "staff" ? actor.id : null;
  const [row] = await tx
    .insert(flexibleRoutes)
    .values({ tenantId: await currentTenantId(tx), distributorId: d.id, reason, setBy })
    .onConflictDoUpdate({ target: [flexibleRoutes.tenantId, flexibleRoutes.distributorId], set: { reason, setBy, setAt: new Date() } })
    .returning();
  await audit(tx, actor, { action: "payout.flexible_route_set", targetType: "distributor", targetId: d.id, data: { code: d.code, reason } });
  return { distributorId: d.id, code: d.code, name: d.name, reason, setAt: row!.setAt };
}

export async function removeFlexibleRoute(tx: Tx, actor: Actor, distributorId: string): Promise<void> {
  const [row] = await tx.delete(flexibleRoutes).where(eq(flexibleRoutes.distributorId, distributorId)).returning();
  if (!row) throw new AppError("NOT_FOUND", "This person is not routed to the platform.");
  await audit(tx, actor, { action: "payout.flexible_route_removed", targetType: "distributor", targetId: distributorId, data: { reason: row.reason } });
}
