/**
 * The dispatcher: delivers what the outbox holds, after commit, with retries.
 *
 * A pass, per brand: (1) in a short transaction, claim due deliveries that are the head of
 * their chain (no earlier delivery of the same endpoint and ordering key still pending), with
 * SKIP LOCKED and a lease (locked_until), so two dispatchers (the cron, an event, the embedded
 * sweeper) never send one delivery at once and a crashed one's claim lapses; (2) POST them,
 * outside any transaction; (3) record each attempt: a 2xx succeeds; anything else schedules
 * the next try with exponential backoff until MAX attempts, then the delivery fails (and the
 * next one of its chain may go). Each failed attempt counts against the endpoint; at the limit
 * it is disabled, the brand's audit log and console say why, and its owners and admins are
 * mailed once that commits. Passes repeat while they find work, so a chain of one order's
 * events drains in order within one run.
 *
 * State-driven: running it twice, late or concurrently is harmless; at-least-once delivery
 * (a receiver dedupes by the event id).
 */
import { sql } from "drizzle-orm";
import { afterCommit } from "@/db/after-commit";
import type { Db } from "@/db/client";
import { rowsOf, withPlatform, withTenant } from "@/db/tenant";
import { audit } from "@/server/tenancy/audit";
import { mailEndpointDisabled } from "./disabled-notice";
import { signingSecrets } from "./endpoints";
import { postWebhook, type PostResult } from "./http";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import type { TargetOptions } from "./target";

export interface DispatchOptions extends TargetOptions {
  now?: () => Date;
  /** One attempt's deadline (connect, send, answer). */
  timeoutMs?: number;
  /** Attempts before a delivery fails for good. */
  maxAttempts?: number;
  /** Failed attempts in a row after which the endpoint is disabled. */
  disableAfterFailures?: number;
  /** Deliveries claimed per pass. */
  batch?: number;
  /** Passes per brand per run (a bound on one run's time). */
  maxPasses?: number;
}

export const DELIVERY_DEFAULTS = { timeoutMs: 10_000, maxAttempts: 8, disableAfterFailures: 20, batch: 50, maxPasses: 20 };

/**
 * Seconds before attempt n+1 after n failed: 30 s, 2 min, 8 min, 32 min, ~2 h, then 6 h
 * (capped), about 20 hours across the default eight attempts.
 */
export function backoffSeconds(failedAttempts: number): number {
  return Math.min(30 * 4 ** Math.max(0, failedAttempts - 1), 6 * 3600);
}

interface Claimed {
  id: string;
  attempts: number;
  manual: boolean;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  event_created_at: string | Date;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | Date | null;
}

export interface DeliverySummary {
  attempted: number;
  succeeded: number;
  failed: number;
  disabled: number;
}

/** The request body: what the receiver parses (and what the signature covers, byte for byte). */
export function webhookBody(e: { id: string; type: string; createdAt: Date; data: Record<string, unknown> }): string {
  return JSON.stringify({ id: e.id, type: e.type, createdAt: e.createdAt.toISOString(), data: e.data });
}

async function claim(db: Db, tenantId: string, now: Date, leaseMs: number, batch: number): Promise<Claimed[]> {
  const n = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  return withTenant(db, tenantId, async (tx) =>
    rowsOf<Claimed>(
      await tx.execute(sql`
        with heads as (
          select d.id from webhook_deliveries d
          join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
          where d.status = 'pending' and d.next_attempt_at <= ${n}::timestamptz
            and (d.locked_until is null or d.locked_until <= ${n}::timestamptz)
            and (e.enabled or d.manual)
            and not exists (
              select 1 from webhook_deliveries p
              where p.tenant_id = d.tenant_id and p.endpoint_id = d.endpoint_id and p.ordering_key = d.ordering_key
                and p.status = 'pending' and p.event_seq < d.event_seq)
          order by d.event_seq
          limit ${batch}
          for update of d skip locked
        )
        update webhook_deliveries d set locked_until = ${until}::timestamptz
        from heads h, webhook_events ev, webhook_endpoints e
        where d.id = h.id and ev.tenant_id = d.tenant_id and ev.id = d.event_id and e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        returning d.id, d.attempts, d.manual, ev.id as event_id, ev.type, ev.data, ev.created_at as event_created_at,
          e.id as endpoint_id, e.url, e.secret_sealed, e.previous_secret_sealed, e.previous_secret_expires_at`),
    ),
  );
}

async function send(c: Claimed, now: Date, opts: DispatchOptions & { timeoutMs: number }): Promise<PostResult> {
  const body = webhookBody({ id: c.event_id, type: c.type, createdAt: new Date(c.event_created_at), data: c.data });
  const secrets = signingSecrets(
    {
      secretSealed: c.secret_sealed,
      previousSecretSealed: c.previous_secret_sealed,
      previousSecretExpiresAt: c.previous_secret_expires_at ? new Date(c.previous_secret_expires_at) : null,
    },
    now,
  );
  // Signed at the moment of sending, so a retry hours later carries a fresh timestamp.
  const t = Math.floor(Date.now() / 1000);
  return postWebhook(
    c.url,
    body,
    {
      [SIGNATURE_HEADER]: signatureHeader(secrets, t, body),
      "Fenxiao-Event-Id": c.event_id,
      "Fenxiao-Event-Type": c.type,
      "Fenxiao-Delivery-Id": c.id,
    },
    { timeoutMs: opts.timeoutMs, allowPrivate: opts.allowPrivate, resolve: opts.resolve },
  );
}

async function record(db: Db, tenantId: string, results: { c: Claimed; r: PostResult }[], now: Date, opts: Required<Pick<DispatchOptions, "maxAttempts" | "disableAfterFailures">>) {
  const out = { succeeded: 0, failed: 0, disabled: 0 };
  await withTenant(db, tenantId, async (tx) => {
    for (const { c, r } of results) {
      const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
      const attempt = c.attempts + 1;
      const final = !ok && attempt >= opts.maxAttempts;
      const next = new Date(now.getTime() + backoffSeconds(attempt) * 1000).toISOString();
      await tx.execute(sql`
        update webhook_deliveries set attempts = ${attempt}, manual = false, locked_until = null,
          status = ${ok ? "succeeded" : final ? "failed" : "pending"}::webhook_delivery_status,
          delivered_at = ${ok ? now.toISOString() : null}::timestamptz,
          next_attempt_at = ${ok || final ? now.toISOString() : next}::timestamptz,
          last_status_code = ${r.statusCode}::int, last_error = ${r.error}::text
        where id = ${c.id}::uuid`);
      await tx.execute(sql`
        insert into webhook_attempts (tenant_id, id, delivery_id, endpoint_id, attempt_no, status_code, duration_ms, error, trigger, at)
        values (${tenantId}::uuid, ${crypto.randomUUID()}::uuid, ${c.id}::uuid, ${c.endpoint_id}::uuid, ${attempt}, ${r.statusCode}::int,
          ${r.durationMs}, ${r.error}::text, ${c.manual ? "manual" : "automatic"}, ${now.toISOString()}::timestamptz)`);
      if (ok) {
        out.succeeded++;
        await tx.execute(sql`update webhook_endpoints set consecutive_failures = 0 where id = ${c.endpoint_id}::uuid and consecutive_failures <> 0`);
        continue;
      }
      if (final) out.failed++;
      const [e] = rowsOf<{ consecutive_failures: number; enabled: boolean }>(
        await tx.execute(sql`update webhook_endpoints set consecutive_failures = consecutive_failures + 1
          where id = ${c.endpoint_id}::uuid returning consecutive_failures, enabled`),
      );
      if (e?.enabled && e.consecutive_failures >= opts.disableAfterFailures) {
        await tx.execute(sql`update webhook_endpoints set enabled = false, disabled_at = ${now.toISOString()}::timestamptz,
          disabled_reason = 'failures', updated_at = ${now.toISOString()}::timestamptz where id = ${c.endpoint_id}::uuid`);
        await audit(tx, { type: "system", id: null }, {
          action: "webhook.endpoint_disabled",
          targetType: "webhook_endpoint",
          targetId: c.endpoint_id,
          data: { url: c.url, failures: e.consecutive_failures, reason: r.error ?? `status ${r.statusCode}` },
        });
        // Mailed once this commits: a disable that rolls back must not tell anyone.
        const notice = { url: c.url, failures: e.consecutive_failures, statusCode: r.statusCode, error: r.error };
        afterCommit(tx, async (committed) => void (await mailEndpointDisabled(committed, tenantId, notice)));
        out.disabled++;
      }
    }
  });
  return out;
}

/** Delivers what is due for one brand. */
export async function deliverTenant(db: Db, tenantId: string, options: DispatchOptions = {}): Promise<DeliverySummary> {
  const opts = { ...DELIVERY_DEFAULTS, ...options };
  const clock = opts.now ?? (() => new Date());
  const summary: DeliverySummary = { attempted: 0, succeeded: 0, failed: 0, disabled: 0 };
  for (let pass = 0; pass < opts.maxPasses; pass++) {
    const now = clock();
    // The lease outlasts every attempt of the pass (they run side by side) with room to record.
    const claimed = await claim(db, tenantId, now, opts.timeoutMs * 2 + 30_000, opts.batch);
    if (!claimed.length) break;
    // A delivery that cannot even be signed (a secret that no longer opens) is a failed
    // attempt like any other, not a reason to leave the whole pass's claims hanging.
    const results = await Promise.all(
      claimed.map(async (c) => ({
        c,
        r: await send(c, now, opts).catch((e: unknown): PostResult => ({ statusCode: null, durationMs: 0, error: e instanceof Error ? e.message : String(e) })),
      })),
    );
    const r = await record(db, tenantId, results, clock(), opts);
    summary.attempted += claimed.length;
    summary.succeeded += r.succeeded;
    summary.failed += r.failed;
    summary.disabled += r.disabled;
  }
  return summary;
}

export async function tenantsWithDueWebhooks(db: Db, now: Date): Promise<string[]> {
  return withPlatform(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from fx_tenants_with_due_webhooks(${now.toISOString()}::timestamptz)`)).map((r) => r.tenant_id),
  );
}

/** Every brand with something due (the cron, the embedded sweeper). One brand's failure does not stop the others. */
export async function deliverAll(db: Db, options: DispatchOptions = {}) {
  const now = (options.now ?? (() => new Date()))();
  const tenants = await tenantsWithDueWebhooks(db, now);
  const total: DeliverySummary & { tenants: number; errors: number } = { tenants: tenants.length, attempted: 0, succeeded: 0, failed: 0, disabled: 0, errors: 0 };
  for (const tenantId of tenants) {
    try {
      const s = await deliverTenant(db, tenantId, options);
      total.attempted += s.attempted;
      total.succeeded += s.succeeded;
      total.failed += s.failed;
      total.disabled += s.disabled;
    } catch (e) {
      console.error(`webhooks: brand ${tenantId} failed`, e);
      total.errors++;
    }
  }
  return total;
}
