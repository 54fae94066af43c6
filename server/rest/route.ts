/**
 * restRoute: createRoute plus everything every /api/v1 endpoint shares, so a new route cannot
 * forget any of it — the bearer security requirement, the request pipeline (in this order:
 * body read under cap and deadline → API key → rate limit → in-flight limit → JSON parse; the
 * route's zod validators run after it, and the handler's transaction after them), the
 * Idempotency-Key header on POST / PUT / PATCH, and the problem+json responses.
 */
import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import type { RestEnv } from "./context";
import type { MiddlewareHandler } from "hono";
import { authenticate } from "./pipeline/auth";
import { readBody } from "./pipeline/body";
import { limitConcurrency } from "./pipeline/concurrency";
import { parseJson } from "./pipeline/json";
import { rateLimit } from "./pipeline/rate-limit";
import { problemContent } from "./schemas";

export const BEARER = "bearer";

const PIPELINE_PROBLEMS = {
  400: "The request is malformed or a field is invalid; `errors` names each field.",
  401: "Missing, invalid or revoked API key.",
  408: "The request body did not arrive in time.",
  413: "The request body is too large.",
  415: "The body is not sent as application/json.",
  429: "Rate or in-flight limit of this API key reached; see Retry-After.",
  500: "Unexpected error; nothing was changed.",
} as const;

/** Route-specific refusals, documented with their meaning on this route. */
export function problems<const S extends number>(described: Record<S, string>) {
  return Object.fromEntries(
    Object.entries(described).map(([status, description]) => [status, { description: description as string, content: problemContent }]),
  ) as Record<S, { description: string; content: typeof problemContent }>;
}

const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x20-\x7e]+$/)
    .optional()
    .openapi({
      description:
        "Makes the request safe to retry: the same key with the same body replays the first response (with `Idempotent-Replayed: true`); with another body → 409. Kept 24 hours.",
      example: "order-20240601-0001",
    }),
});

type Method = "get" | "post" | "put" | "patch" | "delete";

export function pipeline(bodyLimit?: number, takesBody = true): MiddlewareHandler<RestEnv>[] {
  return [readBody(bodyLimit), authenticate, rateLimit, limitConcurrency, parseJson(takesBody)];
}

type RestRouteConfig = Omit<RouteConfig, "middleware" | "security" | "method"> & {
  method: Method;
  /** Overrides the app's body cap for this route (e.g. the orders batch). */
  bodyLimit?: number;
};

/** A /api/v1 route: createRoute's own configuration, plus `bodyLimit` if the route needs it. */
export function restRoute<const R extends RestRouteConfig>(config: R) {
  const { bodyLimit, ...route } = config;
  const mutating = route.method === "post" || route.method === "put" || route.method === "patch";
  return createRoute({
    ...route,
    // Documented and validated here; read by mutate() (tenant.ts).
    request: mutating ? { ...route.request, headers: idempotencyHeader } : route.request,
    security: [{ [BEARER]: [] }],
    middleware: pipeline(bodyLimit, route.request?.body !== undefined),
    responses: { ...route.responses, ...problems(PIPELINE_PROBLEMS) },
  }) as unknown as Omit<R, "bodyLimit"> & { middleware: MiddlewareHandler<RestEnv>[]; getRoutingPath(): string };
}
