/**
 * The webhooks procedures: brand A's owner with brand B's ids gets NOT_FOUND for each and
 * changes nothing; lists never show brand B's endpoints or deliveries; roles without the
 * integration permission are refused; a new endpoint's secret is shown once and kept sealed.
 */
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import type { Cursor } from "@/server/orders/console-query";
import { deliveryChunk, deliveryFilterSchema } from "@/server/webhooks/deliveries";
import { appRouter } from "../root";

let t: Database;
type Caller = Awaited<ReturnType<typeof staffCaller>>["caller"];
let callerA: Caller;
let callerB: Caller;
const B = { endpointId: "", deliveryId: "", secret: "" };
let brandA: Awaited<ReturnType<typeof createBrandFixture>>;
// A public address literal: no DNS, and allowed without the development setting. It is never
// contacted: createHook points each endpoint at a closed local port right after creating it, so
// no dispatcher (another test file's, when the files share a Postgres database) sends to it.
const PUBLIC_URL = "https://93.184.216.34/hooks";
const DEAD_URL = "http://127.0.0.1:9/never";

async function createHook(caller: Caller, tenantId: string, input: Parameters<Caller["webhooks"]["create"]>[0]) {
  const made = await caller.webhooks.create(input);
  await withTenant(t.db, tenantId, (tx) => tx.update(webhookEndpoints).set({ url: DEAD_URL }).where(eq(webhookEndpoints.id, made.endpoint.id)));
  return made;
}

beforeAll(async () => {
  t = await createTestDatabase();
  brandA = await createBrandFixture(t, "Hooks A");
  const b = await createBrandFixture(t, "Hooks B");
  callerA = (await staffCaller(t, brandA.ownerUserId, brandA.tenantId)).caller;
  callerB = (await staffCaller(t, b.ownerUserId, b.tenantId)).caller;
  const made = await createHook(callerB, b.tenantId, { url: PUBLIC_URL, events: ["withdrawal.*"], description: "B's" });
  await callerB.webhooks.sendTest({ id: made.endpoint.id });
  const { items } = await callerB.webhooks.deliveries({});
  Object.assign(B, { endpointId: made.endpoint.id, deliveryId: items[0]!.id, secret: made.secret, tenantId: b.tenantId });
});
afterAll(async () => t.close());

const CROSS_BRAND: Record<string, () => Promise<unknown>> = {
  "webhooks.update": () => callerA.webhooks.update({ id: B.endpointId, patch: { description: "x-brand" } }),
  "webhooks.delete": () => callerA.webhooks.delete({ id: B.endpointId }),
  "webhooks.rotateSecret": () => callerA.webhooks.rotateSecret({ id: B.endpointId }),
  "webhooks.sendTest": () => callerA.webhooks.sendTest({ id: B.endpointId }),
  "webhooks.delivery": () => callerA.webhooks.delivery({ id: B.deliveryId }),
  "webhooks.redeliver": () => callerA.webhooks.redeliver({ id: B.deliveryId }),
};
/** No foreign id: they read or write the caller's own brand only (checked below). */
const OWN_BRAND = ["webhooks.eventTypes", "webhooks.list", "webhooks.create", "webhooks.deliveries"];

describe("webhooks procedures across brands", () => {
  it("every webhooks procedure has a case here", () => {
    const paths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("webhooks."));
    expect(paths.filter((p) => !(p in CROSS_BRAND) && !OWN_BRAND.includes(p))).toEqual([]);
  });

  for (const [path, call] of Object.entries(CROSS_BRAND)) {
    it(`${path} with brand B's id is NOT_FOUND`, async () => {
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe("NOT_FOUND");
    });
  }

  it("lists show none of brand B's endpoints or deliveries, even filtered by its endpoint id", async () => {
    expect(await callerA.webhooks.list()).toEqual([]);
    expect(await callerA.webhooks.deliveries({})).toEqual({ total: 0, items: [] });
    expect(await callerA.webhooks.deliveries({ endpointId: B.endpointId })).toEqual({ total: 0, items: [] });
    const mine = await createHook(callerA, brandA.tenantId, { url: PUBLIC_URL, events: ["order.attributed"] });
    expect((await callerA.webhooks.list()).map((e) => e.id)).toEqual([mine.endpoint.id]);
    expect((await callerB.webhooks.list()).map((e) => e.id)).toEqual([B.endpointId]);
  });

  it("left brand B's endpoint, secret and delivery as they were", async () => {
    const [e] = await callerB.webhooks.list();
    expect(e).toMatchObject({ url: DEAD_URL, enabled: true, previousSecretExpiresAt: null });
    const d = await callerB.webhooks.delivery({ id: B.deliveryId });
    expect(d).toMatchObject({ status: "pending", attempts: 0 });
    expect(d.event.type).toBe("webhook.test");
    expect((await callerB.webhooks.deliveries({})).total).toBe(1);
  });
});

describe("the delivery log export", () => {
  it("reads every delivery of the brand once, in keyset chunks, and none of another brand's", async () => {
    const made = await createHook(callerA, brandA.tenantId, { url: PUBLIC_URL, events: ["order.attributed"] });
    for (let i = 0; i < 5; i++) await callerA.webhooks.sendTest({ id: made.endpoint.id });
    const filter = deliveryFilterSchema.parse({});
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    do {
      const chunk = await withTenant(t.db, brandA.tenantId, (tx) => deliveryChunk(tx, filter, cursor, 2));
      seen.push(...chunk.rows.map((r) => r.id));
      cursor = chunk.next;
    } while (cursor);
    const all = await callerA.webhooks.deliveries({ limit: 200 });
    expect(seen).toEqual(all.items.map((r) => r.id));
    expect(new Set(seen).size).toBe(all.total);
    expect(seen).not.toContain(B.deliveryId);
    const foreign = await withTenant(t.db, brandA.tenantId, (tx) => deliveryChunk(tx, deliveryFilterSchema.parse({ endpointId: B.endpointId }), null, 100));
    expect(foreign.rows).toEqual([]);
  });
});

describe("webhooks procedures", () => {
  it("shows the secret once, stores it sealed, and expands wildcards into the chosen events", async () => {
    const made = await createHook(callerA, brandA.tenantId, { url: PUBLIC_URL, events: ["withdrawal.*", "commission.created"] });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(made.endpoint).not.toHaveProperty("secretSealed");
    expect(made.endpoint.events).toContain("withdrawal.requested");
    expect(made.endpoint.events).toContain("withdrawal.paid");
    expect(made.endpoint.events).toContain("commission.created");
    expect(made.endpoint.events).not.toContain("order.attributed");
    const [row] = await withTenant(t.db, brandA.tenantId, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, made.endpoint.id)));
    expect(row!.secretSealed).not.toContain(made.secret.slice(6, 20));
    const listed = await callerA.webhooks.list();
    expect(JSON.stringify(listed)).not.toContain(made.secret);
  });

  it("refuses unknown events and private targets with field errors", async () => {
    const bad = (await callerA.webhooks.create({ url: PUBLIC_URL, events: ["order.nope"] }).catch((e: unknown) => e)) as TRPCError;
    expect(bad.code).toBe("BAD_REQUEST");
    const ssrf = (await callerA.webhooks.create({ url: "https://127.0.0.1/x", events: ["order.attributed"] }).catch((e: unknown) => e)) as TRPCError;
    expect(ssrf.code).toBe("UNPROCESSABLE_CONTENT");
  });

  it("redelivery queues the delivery again for its own brand", async () => {
    const made = await createHook(callerA, brandA.tenantId, { url: PUBLIC_URL, events: ["order.attributed"] });
    await callerA.webhooks.sendTest({ id: made.endpoint.id });
    const { items } = await callerA.webhooks.deliveries({ endpointId: made.endpoint.id });
    await withTenant(t.db, brandA.tenantId, (tx) => tx.update(webhookDeliveries).set({ status: "failed", attempts: 8 }).where(eq(webhookDeliveries.id, items[0]!.id)));
    await callerA.webhooks.redeliver({ id: items[0]!.id });
    expect(await callerA.webhooks.delivery({ id: items[0]!.id })).toMatchObject({ status: "pending" });
  });

  it("is refused to roles without the integration permission", async () => {
    const { caller } = await staffInRole(t, brandA, "operator");
    const err = (await caller.webhooks.list().catch((e: unknown) => e)) as TRPCError;
    expect(err.code).toBe("FORBIDDEN");
  });
});
