/**
 * /api/v1/risk/…: the blacklist (add / import / list / remove), the rule settings and the
 * shared-list switches, each scoped to the calling brand; and the order read showing the
 * verdict with the rules that fired and their masked evidence.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { chain, nextPhone } from "@/server/network/test-helpers";
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

type Entry = { id: string; kind: string; masked: string; shared: boolean; removedAt: string | null };

describe.each(MOUNTS)("/api/v1/risk through the %s", (mount) => {
  it("adds, lists masked, imports and removes blacklist entries, audited as the API key", async () => {
    const b = await brandWithKey(t);
    const phone = nextPhone();
    const add = await h.call(mount, "POST", "/api/v1/risk/blacklist", { key: b.key, body: { kind: "phone", value: phone, reason: "chargebacks", reasonCategory: "fraud" } });
    expect(add.status).toBe(201);
    const entry = (await add.json()) as Entry;
    expect(entry).toMatchObject({ kind: "phone", masked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, shared: false, removedAt: null });
    const again = await h.call(mount, "POST", "/api/v1/risk/blacklist", { key: b.key, body: { kind: "phone", value: `+86${phone}`, reason: "x" } });
    expect(await again.json()).toMatchObject({ status: 409, errors: { value: "duplicate" } });
    const bad = await h.call(mount, "POST", "/api/v1/risk/blacklist", { key: b.key, body: { kind: "fax", value: "1", reason: "" } });
    expect(await bad.json()).toMatchObject({ status: 400, errors: { kind: "invalid_value", reason: "too_small" } });

    const imported = await h.call(mount, "POST", "/api/v1/risk/blacklist/import", {
      key: b.key,
      body: { entries: [{ kind: "device", value: "DEV-9", reason: "farm" }, { kind: "bank_card", value: "12", reason: "x" }, { kind: "phone", value: phone, reason: "dup" }] },
    });
    expect(await imported.json()).toEqual({ added: 1, duplicates: 1, errors: [{ row: 2, field: "value", key: "invalid_format" }] });

    const list = (await (await h.call(mount, "GET", "/api/v1/risk/blacklist?limit=1", { key: b.key })).json()) as { items: Entry[]; next: string | null };
    expect(list.items.map((i) => i.kind)).toEqual(["device"]);
    const rest = (await (await h.call(mount, "GET", `/api/v1/risk/blacklist?before=${list.next}`, { key: b.key })).json()) as { items: Entry[] };
    expect(rest.items.map((i) => i.id)).toEqual([entry.id]);
    expect(JSON.stringify(rest)).not.toContain(phone);

    expect((await h.call(mount, "DELETE", `/api/v1/risk/blacklist/${entry.id}`, { key: b.key })).status).toBe(200);
    expect((await h.call(mount, "DELETE", `/api/v1/risk/blacklist/${entry.id}`, { key: b.key })).status).toBe(404);
    const phones = (await (await h.call(mount, "GET", "/api/v1/risk/blacklist?kind=phone", { key: b.key })).json()) as { items: Entry[] };
    expect(phones.items).toEqual([]);
    const history = (await (await h.call(mount, "GET", "/api/v1/risk/blacklist?kind=phone&includeInactive=true", { key: b.key })).json()) as { items: Entry[] };
    expect(history.items[0]!.removedAt).not.toBeNull();
    const actions = rowsOf<{ action: string; actor_type: string }>(
      await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select action, actor_type from audit_logs where action like 'risk.%' order by id`)),
    );
    expect(actions).toEqual(["risk.blacklist_added", "risk.blacklist_imported", "risk.blacklist_removed"].map((action) => ({ action, actor_type: "api" })));
  });

  it("reads and changes rule settings; refuses out-of-range thresholds and self_purchase", async () => {
    const b = await brandWithKey(t);
    const rules = (await (await h.call(mount, "GET", "/api/v1/risk/rules", { key: b.key })).json()) as { items: { code: string; thresholds: Record<string, number> }[] };
    expect(rules.items.find((r) => r.code === "device_cluster")).toMatchObject({ thresholds: { orders: 8, newBuyers: 3 }, windowMinutes: 1440, action: "review" });
    const patch = await h.call(mount, "PATCH", "/api/v1/risk/rules/device_cluster", { key: b.key, body: { thresholds: { newBuyers: 5 }, action: "block", windowMinutes: 60 } });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ code: "device_cluster", thresholds: { orders: 8, newBuyers: 5 }, action: "block", windowMinutes: 60, defaults: { windowMinutes: 1440 } });
    const range = await h.call(mount, "PATCH", "/api/v1/risk/rules/device_cluster", { key: b.key, body: { thresholds: { newBuyers: 1, nope: 3 } } });
    expect(await range.json()).toMatchObject({ status: 400, errors: { "thresholds.newBuyers": "too_small", "thresholds.nope": "unrecognized_key" } });
    // A count threshold above what the ingest probes read (COUNT_CAP) could never be reached by
    // single orders: refused, and the setting stays as it was.
    const high = await h.call(mount, "PATCH", "/api/v1/risk/rules/brushing_burst", { key: b.key, body: { thresholds: { newBuyers: 501 } } });
    expect(await high.json()).toMatchObject({ status: 400, errors: { "thresholds.newBuyers": "too_big" } });
    const kept = (await (await h.call(mount, "GET", "/api/v1/risk/rules", { key: b.key })).json()) as { items: { code: string; thresholds: Record<string, number> }[] };
    expect(kept.items.find((r) => r.code === "brushing_burst")?.thresholds).toEqual({ newBuyers: 10 });
    const cap = await h.call(mount, "PATCH", "/api/v1/risk/rules/brushing_burst", { key: b.key, body: { thresholds: { newBuyers: 500 } } });
    expect(await cap.json()).toMatchObject({ code: "brushing_burst", thresholds: { newBuyers: 500 } });
    const self = await h.call(mount, "PATCH", "/api/v1/risk/rules/self_purchase", { key: b.key, body: { enabled: false } });
    expect(await self.json()).toMatchObject({ status: 422, errors: { rule: "invalid_value" } });
    expect((await h.call(mount, "PATCH", "/api/v1/risk/rules/no_such_rule", { key: b.key, body: { enabled: false } })).status).toBe(400);
  });

  it("switches off a rule whose default window is longer than a brand may set (self_purchase_link's year)", async () => {
    const b = await brandWithKey(t);
    const off = await h.call(mount, "PATCH", "/api/v1/risk/rules/self_purchase_link", { key: b.key, body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ code: "self_purchase_link", enabled: false, windowMinutes: 525_600 });
    const back = await h.call(mount, "PATCH", "/api/v1/risk/rules/self_purchase_link", { key: b.key, body: { enabled: true, windowMinutes: 1440 } });
    expect(await back.json()).toMatchObject({ enabled: true, windowMinutes: 1440 });
    const reset = await h.call(mount, "PATCH", "/api/v1/risk/rules/self_purchase_link", { key: b.key, body: { windowMinutes: null } });
    expect(await reset.json()).toMatchObject({ enabled: true, windowMinutes: 525_600 });
  });

  it("the order read shows the verdict and the fired rules with masked evidence", async () => {
    const b = await brandWithKey(t);
    const [D] = await chain(t.db, b.tenantId, ["D"]);
    const phone = nextPhone();
    await h.call(mount, "POST", "/api/v1/risk/blacklist", { key: b.key, body: { kind: "phone", value: phone, reason: "chargebacks" } });
    const externalId = `R-${process.pid}-${Date.now()}`;
    const res = await h.call(mount, "POST", "/api/v1/orders", {
      key: b.key,
      body: { channel: "jd", externalId, status: "paid", buyer: { identities: [{ kind: "phone", value: phone }] }, referralCode: D!.code, items: [{ sku: "S", quantity: 1, amountFen: 10_000 }], paidAt: "2026-11-11T00:03:12+08:00" },
    });
    expect(res.status).toBe(201);
    const read = (await (await h.call(mount, "GET", `/api/v1/orders/jd/${externalId}`, { key: b.key })).json()) as Record<string, unknown>;
    expect(read.risk).toMatchObject({ verdict: "review", rules: [{ code: "blacklist", action: "review", evidence: { list: "brand", matches: [{ kind: "phone", reason: "chargebacks" }] } }] });
    expect(JSON.stringify(read)).not.toContain(phone);
  });

  it("sharing switches are the brand's own", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    expect(await (await h.call(mount, "GET", "/api/v1/risk/sharing", { key: a.key })).json()).toEqual({ shareContribute: false, shareConsume: false });
    const on = await h.call(mount, "PATCH", "/api/v1/risk/sharing", { key: a.key, body: { shareContribute: true } });
    expect(await on.json()).toEqual({ shareContribute: true, shareConsume: false });
    expect(await (await h.call(mount, "GET", "/api/v1/risk/sharing", { key: b.key })).json()).toEqual({ shareContribute: false, shareConsume: false });
  });

  it("never reads or changes another brand's blacklist or rules", async () => {
    const a = await brandWithKey(t, "Brand A");
    const b = await brandWithKey(t, "Brand B");
    const entry = (await (await h.call(mount, "POST", "/api/v1/risk/blacklist", { key: b.key, body: { kind: "device", value: "B-ONLY", reason: "x" } })).json()) as Entry;
    expect(await (await h.call(mount, "GET", "/api/v1/risk/blacklist?includeInactive=true", { key: a.key })).json()).toEqual({ items: [], next: null });
    expect((await h.call(mount, "DELETE", `/api/v1/risk/blacklist/${entry.id}`, { key: a.key })).status).toBe(404);
    // The same value is free in brand A.
    expect((await h.call(mount, "POST", "/api/v1/risk/blacklist", { key: a.key, body: { kind: "device", value: "B-ONLY", reason: "x" } })).status).toBe(201);
    await h.call(mount, "PATCH", "/api/v1/risk/rules/brushing_burst", { key: b.key, body: { enabled: false } });
    const aRules = (await (await h.call(mount, "GET", "/api/v1/risk/rules", { key: a.key })).json()) as { items: { code: string; enabled: boolean }[] };
    expect(aRules.items.find((r) => r.code === "brushing_burst")!.enabled).toBe(true);
    const bList = (await (await h.call(mount, "GET", "/api/v1/risk/blacklist", { key: b.key })).json()) as { items: Entry[] };
    expect(bList.items.map((i) => i.id)).toEqual([entry.id]);
  });
});
