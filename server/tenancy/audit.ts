/** Append-only audit trail. Written in the same transaction as the change it records. */
import { desc, lt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import type { AuditAction } from "./audit-actions";

export interface Actor {
  type: "staff" | "distributor" | "api" | "system" | "cli";
  id: string | null;
}

export interface AuditEntry {
  /** One of AUDIT_ACTIONS, so every entry has a label in both languages. */
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
}

export async function audit(tx: Tx, actor: Actor, entry: AuditEntry) {
  await tx.insert(auditLogs).values({
    tenantId: await currentTenantId(tx),
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: entry.data ?? {},
  });
}

/** Newest first, keyset-paged by id (uuid v7 is time-ordered). */
export async function listAudit(tx: Tx, input: { limit: number; before?: string }) {
  return tx
    .select()
    .from(auditLogs)
    .where(input.before ? lt(auditLogs.id, input.before) : undefined)
    .orderBy(desc(auditLogs.id))
    .limit(input.limit);
}

/** Only fields that changed, as {field: [before, after]}. */
export function diff<T extends Record<string, unknown>>(before: T, patch: Partial<T>) {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined && before[k] !== v) out[k] = [before[k], v];
  }
  return out;
}
