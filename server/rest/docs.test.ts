/**
 * The OpenAPI document and the reference page. The document lists every route; a new route
 * must be added to ROUTES below, with a cross-brand case in its own test file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { MOUNTS, restHarness, type Harness } from "./testing";

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

const ROUTES = [
  "get /api/v1/me",
  "get /api/v1/members/{identity}",
  "get /api/v1/program",
  "patch /api/v1/program",
  "get /api/v1/levels",
  "post /api/v1/levels",
  "put /api/v1/levels/{name}",
  "post /api/v1/distributors",
  "get /api/v1/distributors/{code}",
  "patch /api/v1/distributors/{code}",
  "get /api/v1/products",
  "post /api/v1/products",
  "post /api/v1/orders",
  "post /api/v1/orders/batch",
  "post /api/v1/orders/{channel}/{externalId}/events",
  "get /api/v1/orders/{channel}/{externalId}",
  "get /api/v1/commission-rules",
  "post /api/v1/commission-rules",
  "get /api/v1/commission-rules/{id}",
  "put /api/v1/commission-rules/{id}",
  "delete /api/v1/commission-rules/{id}",
  "get /api/v1/ledger/summary",
  "get /api/v1/dashboard",
  "post /api/v1/distributors/{code}/payouts",
  "get /api/v1/withdrawals",
  "get /api/v1/withdrawals/{id}",
  "get /api/v1/team-bonus/settings",
  "put /api/v1/team-bonus/settings",
  "post /api/v1/month-closes",
  "get /api/v1/team-bonus/statements",
  "get /api/v1/kpi-tasks",
  "post /api/v1/kpi-tasks",
  "get /api/v1/kpi-tasks/{id}",
  "put /api/v1/kpi-tasks/{id}",
  "delete /api/v1/kpi-tasks/{id}",
  "get /api/v1/distributors/{code}/kpi",
  "get /api/v1/risk/blacklist",
  "post /api/v1/risk/blacklist",
  "post /api/v1/risk/blacklist/import",
  "delete /api/v1/risk/blacklist/{id}",
  "get /api/v1/risk/rules",
  "patch /api/v1/risk/rules/{code}",
  "get /api/v1/risk/sharing",
  "patch /api/v1/risk/sharing",
  "get /api/v1/webhooks/endpoints",
  "post /api/v1/webhooks/endpoints",
  "patch /api/v1/webhooks/endpoints/{id}",
  "delete /api/v1/webhooks/endpoints/{id}",
  "post /api/v1/webhooks/endpoints/{id}/rotate-secret",
  "post /api/v1/webhooks/endpoints/{id}/test",
  "get /api/v1/webhooks/deliveries",
  "get /api/v1/webhooks/deliveries/{id}",
  "post /api/v1/webhooks/deliveries/{id}/redeliver",
];

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe.each(MOUNTS)("docs through the %s", (mount) => {
  it("serves an OpenAPI 3.1 document of every route, each with bearer security and problem responses", async () => {
    const res = await h.call(mount, "GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: "http", scheme: "bearer" }) as unknown });
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => [`${m} ${path}`, op] as const));
    expect(ops.map(([name]) => name).sort()).toEqual([...ROUTES].sort());
    for (const [name, op] of ops) {
      expect(op.security, name).toEqual([{ bearer: [] }]);
      for (const status of ["400", "401", "413", "429"]) {
        expect(Object.keys(op.responses[status]?.content ?? {}), `${name} ${status}`).toEqual(["application/problem+json"]);
      }
      if (/^(post|put|patch) /.test(name)) {
        expect(op.parameters?.some((p) => p.name === "idempotency-key" && p.in === "header"), name).toBe(true);
        expect(op.requestBody?.content["application/json"], name).toBeDefined();
      }
    }
    expect(doc.components.schemas).toHaveProperty("Problem");
    expect(doc.components.schemas).toHaveProperty("Distributor");
    // Request objects are strict: unknown keys are refused, and the document says so.
    expect(doc.components.schemas.LevelInput).toMatchObject({ additionalProperties: false });
  });

  it("renders the reference at /docs/api from this server, under a nonce CSP, with no CDN", async () => {
    const res = await h.call(mount, "GET", "/docs/api");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'nonce-${nonce}';`);
    expect(html).toContain(`<script src="/docs/api/scalar.js" nonce="${nonce}"></script>`);
    expect(html).toContain("/api/v1/openapi.json");
    expect(html).not.toMatch(/https?:\/\//);
    for (const tag of html.match(/<(script|style)\b[^>]*>/g)!) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await h.call(mount, "GET", "/docs/api");
    expect(again.headers.get("content-security-policy")).not.toBe(csp);

    const bundle = await h.call(mount, "GET", "/docs/api/scalar.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
  });
});
