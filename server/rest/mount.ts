/**
 * The two ways the one REST app is served. `npm start` answers /api/v1 and /docs/api straight
 * from node:http (server/http/main.ts), ahead of Next, whose route pipeline tops out near
 * 480 requests/s on two cores; `next dev` mounts the same app in catch-all routes
 * (app/api/v1/[[...path]], app/docs/api/[[...path]]).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Database } from "@/db/client";
import { appDatabase } from "@/server/db";
import { createRestApp, type RestApp } from "./app";

const REST_PATH = /^\/(?:api\/v1|docs\/api)(?:[/?#]|$)/;

/** Whether node:http should hand this request URL to the REST app instead of Next. */
export function isRestPath(url: string | undefined) {
  return REST_PATH.test(url ?? "");
}

/** A node:http listener for the app. */
export function restListener(app: RestApp): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  // Next runs in the same process and relies on the platform's Request / Response: leave the
  // globals alone (node-server would otherwise replace them with its faster stand-ins).
  return getRequestListener(app.fetch, { overrideGlobalObjects: false });
}

/** The app for `npm start` over an already-open database. */
export function nodeRestListener(database: Database) {
  return restListener(createRestApp({ database: () => Promise.resolve(database) }));
}

/** A Next route handler for an app (the tests run their cases through this and node:http). */
export function nextRouteHandler(getApp: () => RestApp) {
  return (req: Request): Promise<Response> => Promise.resolve(getApp().fetch(req));
}

const g = globalThis as unknown as { __fenxiaoRest?: RestApp };

/** The app/ routes' handler: one app per process (kept across dev reloads, like the database). */
export const nextRestHandler = nextRouteHandler(() => (g.__fenxiaoRest ??= createRestApp({ database: appDatabase })));
