/**
 * /api/v1/webhooks/…: a brand's system registers its receiver, changes it, rotates the secret,
 * sends a test event, reads the delivery log and redelivers, all scoped to the calling brand.
 * (Delivery itself, signatures and retries: server/webhooks/webhooks.test.ts.)
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { brandWithKey, MOUNTS, restHarness, type Harness } from "../testing";

let t: Database;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await restHarness(t);
});
afterAll(async () => {
  await h.close();
  await t.close();
});

// A public address literal: accepted without a DNS lookup (nothing is delivered in this test).
const RECEIVER = "https://93.184.216.34/fenxiao/hooks";
type Endpoint = {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  previousSecretExpiresAt: string | null;
};

describe.each(MOUNTS)("/api/v1/webhooks through the %s", (mount) => {
  it("registers an endpoint (secret shown once), changes it, rotates the secret, sends a test, reads the log and redelivers", async () => {
    const b = await brandWithKey(t);
    const created = await h.call(mount, "POST", "/api/v1/webhooks/endpoints", {
      key: b.key,
      body: { url: RECEIVER, description: "ERP", events: ["order.attributed", "withdrawal.*"] },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = (await created.json()) as { endpoint: Endpoint; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.events).toContain("order.attributed");
    expect(endpoint.events.filter((e) => e.startsWith("withdrawal."))).not.toHaveLength(0);

    const list = (await (
      await h.call(mount, "GET", "/api/v1/webhooks/endpoints", { key: b.key })
    ).json()) as { items: Endpoint[] };
    expect(list.items.map((e) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(list)).not.toContain(secret);

    const patched = await h.call(mount, "PATCH", `/api/v1/webhooks/endpoints/${endpoint.id}`, {
      key: b.key,
      body: { events: ["commission.settled"], enabled: false },
    });
    expect(await patched.json()).toMatchObject({
      events: ["commission.settled"],
      enabled: false,
      disabledReason: "manual",
    });

    const rotated = (await (
      await h.call(mount, "POST", `/api/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, {
        key: b.key,
        body: { graceHours: 2 },
      })
    ).json()) as { secret: string; previousSecretExpiresAt: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect(Date.parse(rotated.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(3_500_000);

    expect(
      (
        await h.call(mount, "POST", `/api/v1/webhooks/endpoints/${endpoint.id}/test`, {
          key: b.key,
          body: {},
        })
      ).status,
    ).toBe(202);
    const log = (await (
      await h.call(mount, "GET", `/api/v1/webhooks/deliveries?endpointId=${endpoint.id}`, {
        key: b.key,
      })
    ).json()) as { items: { id: string; type: string }[]; total: number };
    expect(log.total).toBe(1);
    expect(log.items[0]!.type).toBe("webhook.test");
    const detail = (await (
      await h.call(mount, "GET", `/api/v1/webhooks/deliveries/${log.items[0]!.id}`, { key: b.key })
    ).json()) as { event: { type: string; data: { endpointId: string } } };
    expect(detail.event).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });
    expect(
      (
        await h.call(mount, "POST", `/api/v1/webhooks/deliveries/${log.items[0]!.id}/redeliver`, {
          key: b.key,
          body: {},
        })
      ).status,
    ).toBe(202);

    const actions = rowsOf<{ action: string; actor_type: string }>(
      await withTenant(t.db, b.tenantId, (tx) =>
        tx.execute(
          sql`select action, actor_type from audit_logs where action like 'webhook.%' order by id`,
        ),
      ),
    );
    expect(actions.map((a) => a.action)).toEqual([
      "webhook.endpoint_created",
      "webhook.endpoint_updated",
      "webhook.secret_rotated",
    ]);
    expect(new Set(actions.map((a) => a.actor_type))).toEqual(new Set(["api"]));

    expect(
      (await h.call(mount, "DELETE", `/api/v1/webhooks/endpoints/${endpoint.id}`, { key: b.key }))
        .status,
    ).toBe(200);
    expect(
      (await h.call(mount, "DELETE", `/api/v1/webhooks/endpoints/${endpoint.id}`, { key: b.key }))
        .status,
    ).toBe(404);
  });

  it("refuses a loopback target and an unknown event by field, and changes nothing", async () => {
    const b = await brandWithKey(t);
    const loopback = await h.call(mount, "POST", "/api/v1/webhooks/endpoints", {
      key: b.key,
      body: { url: "https://127.0.0.1/hook", events: ["order.attributed"] },
    });
    expect(await loopback.json()).toMatchObject({ status: 422, errors: { url: "invalid_value" } });
    const unknown = await h.call(mount, "POST", "/api/v1/webhooks/endpoints", {
      key: b.key,
      body: { url: RECEIVER, events: ["order.teleported"] },
    });
    expect(await unknown.json()).toMatchObject({
      status: 400,
      errors: { events: "invalid_value" },
    });
    const empty = await h.call(mount, "POST", "/api/v1/webhooks/endpoints", {
      key: b.key,
      body: { url: RECEIVER, events: [] },
    });
    expect(empty.status).toBe(400);
    const list = (await (
      await h.call(mount, "GET", "/api/v1/webhooks/endpoints", { key: b.key })
    ).json()) as { items: Endpoint[] };
    expect(list.items).toEqual([]);
  });

  it("keeps brands apart: another brand's key sees and touches none of its endpoints or deliveries", async () => {
    const a = await brandWithKey(t);
    const other = await brandWithKey(t);
    const { endpoint } = (await (
      await h.call(mount, "POST", "/api/v1/webhooks/endpoints", {
        key: a.key,
        body: { url: RECEIVER, events: ["order.attributed"] },
      })
    ).json()) as { endpoint: Endpoint };
    await h.call(mount, "POST", `/api/v1/webhooks/endpoints/${endpoint.id}/test`, {
      key: a.key,
      body: {},
    });
    const [delivery] = (
      (await (
        await h.call(mount, "GET", "/api/v1/webhooks/deliveries", { key: a.key })
      ).json()) as { items: { id: string }[] }
    ).items;

    expect(
      (
        (await (
          await h.call(mount, "GET", "/api/v1/webhooks/endpoints", { key: other.key })
        ).json()) as { items: unknown[] }
      ).items,
    ).toEqual([]);
    expect(
      (
        (await (
          await h.call(mount, "GET", "/api/v1/webhooks/deliveries", { key: other.key })
        ).json()) as { total: number }
      ).total,
    ).toBe(0);
    for (const [method, path, body] of [
      ["PATCH", `/api/v1/webhooks/endpoints/${endpoint.id}`, { enabled: false }],
      ["DELETE", `/api/v1/webhooks/endpoints/${endpoint.id}`, undefined],
      ["POST", `/api/v1/webhooks/endpoints/${endpoint.id}/rotate-secret`, {}],
      ["POST", `/api/v1/webhooks/endpoints/${endpoint.id}/test`, {}],
      ["GET", `/api/v1/webhooks/deliveries/${delivery!.id}`, undefined],
      ["POST", `/api/v1/webhooks/deliveries/${delivery!.id}/redeliver`, {}],
    ] as const) {
      const res = await h.call(mount, method, path, { key: other.key, body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const still = (await (
      await h.call(mount, "GET", "/api/v1/webhooks/endpoints", { key: a.key })
    ).json()) as { items: Endpoint[] };
    expect(still.items[0]).toMatchObject({ id: endpoint.id, enabled: true });
  });
});
