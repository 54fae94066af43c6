/**
 * Test harness: one REST app over a test database, reachable both ways production and
 * development serve it — through the Next route handler and through node:http — so every case
 * runs through both (describe.each(MOUNTS)).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/db/client";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { createRestApp, type RestApp } from "./app";
import type { RestLimits } from "./limits";
import { nextRouteHandler, restListener } from "./mount";

export type Mount = "next route" | "node:http";
export const MOUNTS: Mount[] = ["next route", "node:http"];

export interface CallOptions {
  key?: string;
  /** A value to send as JSON, or a string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Harness {
  app: RestApp;
  origin: string;
  call(mount: Mount, method: string, path: string, opts?: CallOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `setup` may add routes to the app before it serves (Hono's router is fixed at the first
 * request).
 */
export async function restHarness(t: Database, limits: Partial<RestLimits> = {}, setup?: (app: RestApp) => void): Promise<Harness> {
  // Generous defaults, so only the tests about limits meet them.
  const app = createRestApp({
    database: () => Promise.resolve(t),
    limits: { rateLimitPerSecond: 10_000, rateLimitBurst: 10_000, maxInFlightPerKey: 1000, ...limits },
  });
  setup?.(app);
  const listener = restListener(app);
  const server: Server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const route = nextRouteHandler(() => app);
  return {
    app,
    origin,
    call(mount, method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | Uint8Array<ArrayBuffer> | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === "string" || opts.body instanceof Uint8Array ? (opts.body as string | Uint8Array<ArrayBuffer>) : JSON.stringify(opts.body);
        headers["content-type"] ??= "application/json";
      }
      if (mount === "node:http") return fetch(`${origin}${path}`, { method, headers, body });
      return route(new Request(`http://localhost:3000${path}`, { method, headers, body }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A brand with an owner and an API key for it. */
export async function brandWithKey(t: Database, name = "Brand") {
  const b = await createBrandFixture(t, name);
  const { caller } = await staffCaller(t, b.ownerUserId, b.tenantId);
  const key = await caller.apiKeys.create({ name: "OMS" });
  return { ...b, caller, key: key.key, apiKeyId: key.id };
}
