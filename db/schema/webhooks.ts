/**
 * Outbound webhooks (issue 11 item 3): a brand's endpoints, the outbox of events written in the
 * same transaction as the change they describe, one delivery per (event, subscribed endpoint),
 * and the log of every attempt.
 *
 * An event row exists only when some enabled endpoint was subscribed to its type at the time
 * (the delivery rows are made in the same statement), so a brand without webhooks writes
 * nothing. `seq` orders events of one `ordering_key` (an order, a withdrawal): writers of one
 * key are serialised by their row locks, so a later event of the same key always has a higher
 * seq, and a delivery is attempted only after every earlier one of its key and endpoint is done.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { tenants } from "./platform";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    url: text().notNull(),
    description: text().notNull().default(""),
    /** Event types (server/webhooks/events.ts WEBHOOK_EVENT_TYPES); `withdrawal.*` style wildcards are expanded on save. */
    events: text().array().notNull(),
    enabled: boolean().notNull().default(true),
    /** The signing secret, sealed (server/shared/seal.ts); shown once, when made or rotated. */
    secretSealed: text().notNull(),
    /** After a rotation, the previous secret still signs until previousSecretExpiresAt. */
    previousSecretSealed: text(),
    previousSecretExpiresAt: at(),
    /** Failed attempts since the last success; at the brand's limit the endpoint is disabled. */
    consecutiveFailures: integer().notNull().default(0),
    disabledAt: at(),
    /** manual | failures */
    disabledReason: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "webhook_endpoints_pkey", columns: [t.tenantId, t.id] }),
    check("webhook_endpoints_events_nonempty", sql`cardinality(${t.events}) > 0`),
  ],
);

/** The outbox. Append-only: what happened does not change; deliveries carry the progress. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    type: text().notNull(),
    /** e.g. order:<id>, withdrawal:<id>: deliveries of one key go out in seq order. */
    orderingKey: text().notNull(),
    /** The `data` object of the body (server/webhooks/payload.ts adds id, type, createdAt). */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "webhook_events_pkey", columns: [t.tenantId, t.id] }),
    index("webhook_events_created_idx").on(t.tenantId, t.createdAt),
  ],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    eventId: uuid().notNull(),
    endpointId: uuid().notNull(),
    /** Copied from the event so the "is an earlier one still pending" probe is one index range. */
    orderingKey: text().notNull(),
    eventSeq: bigint({ mode: "number" }).notNull(),
    status: webhookDeliveryStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at().notNull().defaultNow(),
    /** A dispatcher that claimed it; another one skips it until then (a crashed one's claim lapses). */
    lockedUntil: at(),
    /** Asked for by someone (a test event, a redelivery): tried even while the endpoint is disabled, logged as manual. */
    manual: boolean().notNull().default(false),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "webhook_deliveries_pkey", columns: [t.tenantId, t.id] }),
    index("webhook_deliveries_due_idx").on(t.tenantId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_chain_idx").on(t.tenantId, t.endpointId, t.orderingKey, t.eventSeq).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.createdAt),
    index("webhook_deliveries_event_idx").on(t.tenantId, t.eventId),
    tenantForeignKey("webhook_deliveries_event_fk", t, t.eventId, webhookEvents).onDelete("cascade"),
    tenantForeignKey("webhook_deliveries_endpoint_fk", t, t.endpointId, webhookEndpoints).onDelete("cascade"),
  ],
);

/** Every attempt: response code, duration, error. Append-only (the delivery log). */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    deliveryId: uuid().notNull(),
    endpointId: uuid().notNull(),
    attemptNo: integer().notNull(),
    /** null: no HTTP answer (timeout, refused target, connection error). */
    statusCode: integer(),
    durationMs: integer().notNull(),
    error: text(),
    /** manual: a redelivery someone asked for. */
    trigger: text().notNull().default("automatic"),
    at: createdAt(),
  },
  (t) => [
    primaryKey({ name: "webhook_attempts_pkey", columns: [t.tenantId, t.id] }),
    index("webhook_attempts_delivery_idx").on(t.tenantId, t.deliveryId, t.at),
    tenantForeignKey("webhook_attempts_delivery_fk", t, t.deliveryId, webhookDeliveries).onDelete("cascade"),
  ],
);
