/**
 * How a route handler reaches the database: always inside withTenant for the caller's brand,
 * opened only now, after the body was read, the key authenticated and the input validated.
 */
import type { Context } from "hono";
import type { Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { Actor } from "@/server/tenancy/audit";
import type { ApiCaller, RestEnv } from "./context";
import { idempotent } from "./idempotency";

/** A read (or a write that needs no Idempotency-Key handling) in the caller's brand. */
export async function inTenant<T>(c: Context<RestEnv>, fn: (tx: Tx, caller: ApiCaller) => Promise<T>): Promise<T> {
  const database = await c.var.deps.database();
  const caller = c.var.caller;
  return withTenant(database.db, caller.tenantId, (tx) => fn(tx, caller));
}

/**
 * A write: audited as `{type: "api", id: apiKeyId}`, and when the request carries an
 * Idempotency-Key, executed at most once for it (idempotency.ts). A replay is a plain Response
 * with the first answer's status and body, which is why the result type is the handler's own.
 */
export async function mutate<R extends Response>(c: Context<RestEnv>, fn: (tx: Tx, actor: Actor) => Promise<R>): Promise<R> {
  // Only POST / PUT / PATCH declare (and so validate) the header; see restRoute.
  const key = ["POST", "PUT", "PATCH"].includes(c.req.method) ? c.req.header("idempotency-key") : undefined;
  return inTenant(c, async (tx, caller) => {
    const actor: Actor = { type: "api", id: caller.apiKeyId };
    if (key === undefined) return fn(tx, actor);
    const endpoint = `${c.req.method} ${c.req.path}`;
    return (await idempotent(tx, { key, endpoint, body: c.var.jsonBody }, (sp) => fn(sp, actor))) as R;
  });
}
