/**
 * Outbox retention: removes webhook events whose deliveries all finished (delivered, failed
 * after the last attempt, or gone with a deleted endpoint) more than the retention period ago,
 * with their deliveries and attempt log. Nothing else ever shrinks these tables.
 *
 * The events and attempts are append-only for the runtime role, so the delete goes through
 * fx_purge_webhook_history (drizzle/0042), which acts only for the transaction's own brand and
 * never touches an event with a pending delivery. Brands are walked like deliverAll walks them;
 * each chunk is its own short transaction, so a large backlog never holds long locks, and a run
 * stops after maxChunks per brand (the next run carries on).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { firstRow, rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { env } from "@/server/env";

export interface RetentionOptions {
  now?: () => Date;
  /** Days a finished event is kept (default WEBHOOK_RETENTION_DAYS). */
  days?: number;
  /** Events deleted per transaction. */
  chunk?: number;
  /** Chunks per brand per run (a bound on one run's time). */
  maxChunks?: number;
}

export const RETENTION_DEFAULTS = { chunk: 500, maxChunks: 20 };

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

function settings(options: RetentionOptions) {
  const days = options.days ?? env.WEBHOOK_RETENTION_DAYS;
  return {
    ...RETENTION_DEFAULTS,
    ...options,
    cutoff: retentionCutoff((options.now ?? (() => new Date()))(), days),
  };
}

async function purgeBefore(
  db: Db,
  tenantId: string,
  cutoff: Date,
  s: { chunk: number; maxChunks: number },
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < s.maxChunks; i++) {
    const row = await withTenant(db, tenantId, async (tx) =>
      firstRow<{ n: number }>(
        await tx.execute(
          sql`select fx_purge_webhook_history(${cutoff.toISOString()}::timestamptz, ${s.chunk}::int) as n`,
        ),
      ),
    );
    const n = Number(row?.n ?? 0);
    deleted += n;
    // A short chunk means nothing older is left (or the rest is still pending): done for now.
    if (n < s.chunk) break;
  }
  return deleted;
}

/** One brand's finished history past the cutoff, chunk by chunk; returns the events deleted. */
export async function purgeWebhookHistory(
  db: Db,
  tenantId: string,
  options: RetentionOptions = {},
): Promise<number> {
  const s = settings(options);
  return purgeBefore(db, tenantId, s.cutoff, s);
}

export async function tenantsWithWebhookHistory(db: Db, cutoff: Date): Promise<string[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(
      await tx.execute(
        sql`select tenant_id from fx_tenants_with_webhook_history(${cutoff.toISOString()}::timestamptz)`,
      ),
    ).map((r) => r.tenant_id),
  );
}

/**
 * Every brand with history past the cutoff (the hourly cron, the embedded sweeper). One brand's
 * failure does not stop the others.
 */
export async function purgeAllWebhookHistory(db: Db, options: RetentionOptions = {}) {
  const s = settings(options);
  const tenants = await tenantsWithWebhookHistory(db, s.cutoff);
  const total = { tenants: tenants.length, events: 0, errors: 0 };
  for (const tenantId of tenants) {
    try {
      total.events += await purgeBefore(db, tenantId, s.cutoff, s);
    } catch (e) {
      console.error(`webhook retention: brand ${tenantId} failed`, e);
      total.errors++;
    }
  }
  return total;
}
