/**
 * A brand's webhook endpoints: create, change, delete, rotate the secret, send a test event.
 * The signing secret is sealed at rest (server/shared/seal.ts, bound to its purpose) and shown
 * once: in the answer that made it (create, rotate). A rotation keeps the old secret signing
 * for a grace period, so a receiver can switch without dropping a delivery.
 */
import { desc, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { randomToken } from "@/server/shared/crypto";
import { seal, unseal } from "@/server/shared/seal";
import { audit, type Actor } from "@/server/tenancy/audit";
import { wakeAfterCommit } from "./emit";
import { expandSelection, TEST_EVENT_TYPE } from "./events";
import { endpointInputSchema, endpointPatchSchema, rotateSchema, type EndpointInput, type EndpointPatch } from "./schemas";
import { checkTarget, type TargetOptions } from "./target";

export const SECRET_PURPOSE = "webhook-secret";

export const newSecret = () => `whsec_${randomToken(32)}`;

const PUBLIC_COLUMNS = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  enabled: webhookEndpoints.enabled,
  consecutiveFailures: webhookEndpoints.consecutiveFailures,
  disabledAt: webhookEndpoints.disabledAt,
  disabledReason: webhookEndpoints.disabledReason,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

export type EndpointView = Awaited<ReturnType<typeof listEndpoints>>[number];

/** The secrets that sign now, current first; the previous one only until its grace ends. */
export function signingSecrets(row: { secretSealed: string; previousSecretSealed: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  const current = unseal(row.secretSealed, SECRET_PURPOSE);
  if (!current) throw new Error("webhook secret does not open (FENXIAO_HASH_KEY changed?)");
  const out = [current];
  if (row.previousSecretSealed && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) {
    const previous = unseal(row.previousSecretSealed, SECRET_PURPOSE);
    if (previous) out.push(previous);
  }
  return out;
}

async function checkedUrl(url: string, target: TargetOptions) {
  const check = await checkTarget(url, target);
  if (!check.ok) {
    throw new AppError("UNPROCESSABLE", `This URL cannot receive webhooks: ${check.reason}.`, { fields: { url: "webhook_target_refused" } });
  }
  return check.url.toString();
}

function checkedEvents(selection: string[]) {
  const { types, unknown } = expandSelection(selection);
  if (unknown.length || !types.length) {
    throw new AppError("BAD_REQUEST", `Unknown event type: ${unknown.join(", ") || "(none)"}.`, { fields: { events: "unknown_event_type" } });
  }
  return types;
}

export async function listEndpoints(tx: Tx) {
  return tx.select(PUBLIC_COLUMNS).from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
}

export async function getEndpoint(tx: Tx, id: string) {
  const [row] = await tx.select(PUBLIC_COLUMNS).from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  return row;
}

/** Makes an endpoint; the answer holds its secret, which is not shown again. */
export async function createEndpoint(tx: Tx, actor: Actor, raw: EndpointInput, target: TargetOptions = {}) {
  const input = endpointInputSchema.parse(raw);
  const url = await checkedUrl(input.url, target);
  const events = checkedEvents(input.events);
  const secret = newSecret();
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({ tenantId: await currentTenantId(tx), url, description: input.description, events, enabled: input.enabled, secretSealed: seal(secret, SECRET_PURPOSE) })
    .returning(PUBLIC_COLUMNS);
  await audit(tx, actor, { action: "webhook.endpoint_created", targetType: "webhook_endpoint", targetId: row!.id, data: { url, events } });
  return { endpoint: row!, secret };
}

export async function updateEndpoint(tx: Tx, actor: Actor, id: string, raw: EndpointPatch, target: TargetOptions = {}) {
  const patch = endpointPatchSchema.parse(raw);
  const before = await getEndpoint(tx, id);
  const set: Partial<typeof webhookEndpoints.$inferInsert> = { updatedAt: new Date() };
  if (patch.url !== undefined) set.url = await checkedUrl(patch.url, target);
  if (patch.events !== undefined) set.events = checkedEvents(patch.events);
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.enabled !== undefined) {
    set.enabled = patch.enabled;
    // Enabling again starts the failure count afresh; disabling by hand says so.
    Object.assign(set, patch.enabled ? { disabledAt: null, disabledReason: null, consecutiveFailures: 0 } : { disabledAt: new Date(), disabledReason: "manual" });
  }
  const [row] = await tx.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id)).returning(PUBLIC_COLUMNS);
  await audit(tx, actor, {
    action: "webhook.endpoint_updated",
    targetType: "webhook_endpoint",
    targetId: id,
    data: { url: row!.url, ...(patch.enabled !== undefined && patch.enabled !== before.enabled ? { enabled: patch.enabled } : {}), events: row!.events },
  });
  return row!;
}

/** Deletes the endpoint with its deliveries and their log (the events stay in the outbox). */
export async function deleteEndpoint(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
  if (!row) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  await audit(tx, actor, { action: "webhook.endpoint_deleted", targetType: "webhook_endpoint", targetId: id, data: { url: row.url } });
}

/**
 * A new secret; the old one keeps signing (as a second v1) for `graceHours`. Rotating again
 * within the grace replaces the previous secret with the one being rotated out.
 */
export async function rotateSecret(tx: Tx, actor: Actor, id: string, raw: { graceHours?: number } = {}, now = new Date()) {
  const { graceHours } = rotateSchema.parse(raw);
  const [current] = await tx.select({ secretSealed: webhookEndpoints.secretSealed }).from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update");
  if (!current) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  const secret = newSecret();
  const expires = new Date(now.getTime() + graceHours * 3600_000);
  await tx
    .update(webhookEndpoints)
    .set({
      secretSealed: seal(secret, SECRET_PURPOSE),
      previousSecretSealed: graceHours ? current.secretSealed : null,
      previousSecretExpiresAt: graceHours ? expires : null,
      updatedAt: now,
    })
    .where(eq(webhookEndpoints.id, id));
  await audit(tx, actor, { action: "webhook.secret_rotated", targetType: "webhook_endpoint", targetId: id, data: { graceHours } });
  return { secret, previousSecretExpiresAt: graceHours ? expires : null };
}

/** Queues a `webhook.test` event for this endpoint alone (subscribed or not, enabled or not). */
export async function sendTestEvent(tx: Tx, id: string, now = new Date()) {
  const endpoint = await getEndpoint(tx, id);
  const tenantId = await currentTenantId(tx);
  const eventId = uuidv7();
  // The outbox statement fans out by subscription; a test goes to one endpoint, so its event
  // and delivery are written here directly.
  await tx.execute(sql`
    with ev as (
      insert into webhook_events (tenant_id, id, type, ordering_key, data)
      values (${tenantId}::uuid, ${eventId}::uuid, ${TEST_EVENT_TYPE}, ${`test:${eventId}`}, ${JSON.stringify({ message: "A test event from Fenxiao.", endpointId: id, sentAt: now.toISOString() })}::jsonb)
      returning id, seq, ordering_key
    )
    insert into webhook_deliveries (tenant_id, id, event_id, endpoint_id, ordering_key, event_seq, manual)
    select ${tenantId}::uuid, ${uuidv7()}::uuid, ev.id, ${endpoint.id}::uuid, ev.ordering_key, ev.seq, true from ev`);
  wakeAfterCommit(tx, tenantId);
  return { eventId };
}
