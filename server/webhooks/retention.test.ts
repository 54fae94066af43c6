/**
 * Outbox retention against a real database: only finished history older than the cutoff goes
 * (with its deliveries and attempt log), anything a delivery still waits on stays, another
 * brand's rows are untouched, and a run deletes in bounded chunks, oldest first.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "@/db/schema";
import { withPlatform, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { ADMIN } from "@/server/network/test-helpers";
import { createBrandFixture } from "@/server/testing/fixtures";
import { redeliver } from "./deliveries";
import { createEndpoint, deleteEndpoint } from "./endpoints";
import { purgeAllWebhookHistory, purgeWebhookHistory } from "./retention";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY);
const at = { now: () => new Date(NOW) };

async function brand() {
  const b = await createBrandFixture(t, "Retention");
  return b.tenantId;
}

async function endpoint(tenantId: string) {
  const made = await withTenant(t.db, tenantId, (tx) =>
    createEndpoint(
      tx,
      ADMIN,
      { url: "http://127.0.0.1:9/hooks", events: ["risk.case_opened"] },
      { allowPrivate: true },
    ),
  );
  return made.endpoint.id;
}

interface DeliverySpec {
  endpointId: string;
  status: "pending" | "succeeded" | "failed";
  /** When its last attempt was (default: when the event was made). */
  finishedDaysAgo?: number;
}

let keys = 0;
/** An event made `ageDays` ago with its deliveries, each with two attempts in its log. */
async function event(tenantId: string, ageDays: number, deliveries: DeliverySpec[]) {
  return withTenant(t.db, tenantId, async (tx) => {
    const orderingKey = `test:${++keys}`;
    const [ev] = await tx
      .insert(webhookEvents)
      .values({
        tenantId,
        type: "risk.case_opened",
        orderingKey,
        data: {},
        createdAt: ago(ageDays),
      })
      .returning({ id: webhookEvents.id, seq: webhookEvents.seq });
    for (const d of deliveries) {
      const finished = ago(d.finishedDaysAgo ?? ageDays);
      const [row] = await tx
        .insert(webhookDeliveries)
        .values({
          tenantId,
          eventId: ev!.id,
          endpointId: d.endpointId,
          orderingKey,
          eventSeq: ev!.seq,
          status: d.status,
          attempts: 2,
          // A pending delivery is waiting for its next try (backoff) or for its endpoint.
          nextAttemptAt: d.status === "pending" ? new Date(NOW + 3600_000) : finished,
          deliveredAt: d.status === "succeeded" ? finished : null,
          createdAt: ago(ageDays),
        })
        .returning({ id: webhookDeliveries.id });
      await tx
        .insert(webhookAttempts)
        .values(
          [1, 2].map((attemptNo) => ({
            tenantId,
            deliveryId: row!.id,
            endpointId: d.endpointId,
            attemptNo,
            statusCode: 500,
            durationMs: 5,
            at: finished,
          })),
        );
    }
    return ev!.id;
  });
}

async function eventIds(tenantId: string) {
  return new Set(
    (
      await withTenant(t.db, tenantId, (tx) =>
        tx.select({ id: webhookEvents.id }).from(webhookEvents),
      )
    ).map((e) => e.id),
  );
}

async function logOf(tenantId: string, eventIds: string[]) {
  return withTenant(t.db, tenantId, async (tx) => {
    const deliveries = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.eventId, eventIds));
    const attempts = deliveries.length
      ? await tx
          .select({ id: webhookAttempts.id })
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              deliveries.map((d) => d.id),
            ),
          )
      : [];
    return { deliveries: deliveries.length, attempts: attempts.length };
  });
}

describe("webhook retention", () => {
  it("removes finished events older than the retention with their log, and keeps anything still waiting or recent", async () => {
    const a = await brand();
    const [e1, e2, gone] = [await endpoint(a), await endpoint(a), await endpoint(a)];
    const delivered = await event(a, 40, [{ endpointId: e1, status: "succeeded" }]);
    const givenUp = await event(a, 40, [{ endpointId: e1, status: "failed" }]);
    const orphan = await event(a, 40, [{ endpointId: gone, status: "pending" }]);
    await withTenant(t.db, a, (tx) => deleteEndpoint(tx, ADMIN, gone));
    const retrying = await event(a, 40, [{ endpointId: e1, status: "pending" }]);
    const halfDone = await event(a, 40, [
      { endpointId: e1, status: "succeeded" },
      { endpointId: e2, status: "pending" },
    ]);
    const recent = await event(a, 10, [{ endpointId: e1, status: "succeeded" }]);
    const redeliveredLately = await event(a, 40, [
      { endpointId: e1, status: "failed", finishedDaysAgo: 2 },
    ]);
    // Another brand's old, finished history: not this brand's purge to remove.
    const b = await brand();
    const theirs = await event(b, 40, [{ endpointId: await endpoint(b), status: "succeeded" }]);

    expect(await purgeWebhookHistory(t.db, a, { ...at, days: 30 })).toBe(3);

    expect(await eventIds(a)).toEqual(new Set([retrying, halfDone, recent, redeliveredLately]));
    expect(await logOf(a, [delivered, givenUp, orphan])).toEqual({ deliveries: 0, attempts: 0 });
    // What stays keeps its whole log: both deliveries of the half-done event, every attempt.
    expect(await logOf(a, [retrying, halfDone, recent, redeliveredLately])).toEqual({
      deliveries: 5,
      attempts: 10,
    });
    expect(await eventIds(b)).toEqual(new Set([theirs]));
    expect(await logOf(b, [theirs])).toEqual({ deliveries: 1, attempts: 2 });

    // The sweep over every brand takes the other brand's too; what still waits stays.
    const all = await purgeAllWebhookHistory(t.db, { ...at, days: 30 });
    expect(all.errors).toBe(0);
    expect(all.events).toBeGreaterThanOrEqual(1);
    expect(await eventIds(b)).toEqual(new Set());
    expect(await eventIds(a)).toEqual(new Set([retrying, halfDone, recent, redeliveredLately]));
  });

  it("keeps events for the configured number of days", async () => {
    const a = await brand();
    const e = await endpoint(a);
    const old = await event(a, 40, [{ endpointId: e, status: "succeeded" }]);
    expect(await purgeWebhookHistory(t.db, a, { ...at, days: 45 })).toBe(0);
    expect(await eventIds(a)).toEqual(new Set([old]));
    expect(await purgeWebhookHistory(t.db, a, { ...at, days: 35 })).toBe(1);
  });

  it("deletes in chunks, oldest first, and stops after the run's chunk budget", async () => {
    const a = await brand();
    const e = await endpoint(a);
    const ids: string[] = [];
    for (let age = 46; age >= 40; age--)
      ids.push(await event(a, age, [{ endpointId: e, status: "succeeded" }]));
    const waiting = await event(a, 50, [{ endpointId: e, status: "pending" }]);

    // Two chunks of three: the six oldest finished events go, the youngest waits for the next run.
    expect(await purgeWebhookHistory(t.db, a, { ...at, days: 30, chunk: 3, maxChunks: 2 })).toBe(6);
    expect(await eventIds(a)).toEqual(new Set([ids[6], waiting]));
    expect(await purgeWebhookHistory(t.db, a, { ...at, days: 30, chunk: 3, maxChunks: 2 })).toBe(1);
    expect(await eventIds(a)).toEqual(new Set([waiting]));
  });

  it("keeps an event whose delivery is redelivered while the purge runs", async () => {
    const a = await brand();
    const old = await event(a, 40, [{ endpointId: await endpoint(a), status: "failed" }]);
    const [d] = await withTenant(t.db, a, (tx) =>
      tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.eventId, old)),
    );
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The redelivery holds its row lock, uncommitted, while the purge picks its candidates
    // (on Postgres; PGlite runs one transaction at a time, so there the purge simply waits).
    const redelivering = withTenant(t.db, a, async (tx) => {
      await redeliver(tx, d!.id);
      await gate;
    });
    await new Promise((r) => setTimeout(r, 100));
    const purging = purgeWebhookHistory(t.db, a, { ...at, days: 30 });
    await new Promise((r) => setTimeout(r, 200));
    release();
    await redelivering;
    expect(await purging).toBe(0);
    expect(await eventIds(a)).toEqual(new Set([old]));
    expect(await logOf(a, [old])).toEqual({ deliveries: 1, attempts: 2 });
  });

  it("deletes only through the function, and only inside a brand's transaction", async () => {
    const a = await brand();
    const old = await event(a, 40, [{ endpointId: await endpoint(a), status: "succeeded" }]);
    // The outbox stays append-only for the runtime role.
    await expect(
      withTenant(t.db, a, (tx) => tx.delete(webhookEvents).where(eq(webhookEvents.id, old))),
    ).rejects.toThrow();
    const cutoff = ago(30).toISOString();
    // Drizzle wraps the database's error; its message is the cause's.
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => "",
        (e: Error & { cause?: { message?: string } }) => e.cause?.message ?? e.message,
      );
    expect(
      await refusal(
        withPlatform(t.db, (tx) =>
          tx.execute(sql`select fx_purge_webhook_history(${cutoff}::timestamptz, 10)`),
        ),
      ),
    ).toMatch(/needs a tenant transaction/);
    expect(
      await refusal(
        withTenant(t.db, a, (tx) =>
          tx.execute(sql`select fx_purge_webhook_history(${cutoff}::timestamptz, 0)`),
        ),
      ),
    ).toMatch(/must be positive/);
    expect(await eventIds(a)).toEqual(new Set([old]));
  });
});
