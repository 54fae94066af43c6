/**
 * How a route handler reaches the database: always inside withTenant for the caller's brand,
 * opened only now, after the body was read, the key authenticated and the input validated.
 */
import type { Context } from "hono";
import type { Database, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { retryTransient } from "@/db/transient";
import type { Actor } from "@/server/tenancy/audit";
import type { ApiCaller, RestEnv } from "./context";
import { idempotent } from "./idempotency";

/**
 * A read (or a write that needs no Idempotency-Key handling) in the caller's brand. A deadlock
 * or serialization failure rolled the whole transaction back, so it is run again (twice at
 * most) rather than answered with a 500 the client would have to retry itself.
 */
export async function inTenant<T>(c: Context<RestEnv>, fn: (tx: Tx, caller: ApiCaller) => Promise<T>): Promise<T> {
  const caller = c.var.caller;
  return inBrand(await c.var.deps.database(), caller.tenantId, (tx) => fn(tx, caller));
}

/** inTenant without a request: the brand's transaction, run again on a transient abort. */
export function inBrand<T>(database: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return retryTransient(() => withTenant(database.db, tenantId, fn));
}

/** Who the audit log names for a request made with an API key. */
export const apiActor = (caller: ApiCaller): Actor => ({ type: "api", id: caller.apiKeyId });

/**
 * A write: audited as `{type: "api", id: apiKeyId}`, and when the request carries an
 * Idempotency-Key, executed at most once for it (idempotency.ts). A replay is a plain Response
 * with the first answer's status and body, which is why the result type is the handler's own.
 */
export async function mutate<R extends Response>(c: Context<RestEnv>, fn: (tx: Tx, actor: Actor) => Promise<R>): Promise<R> {
  // Only POST / PUT / PATCH declare (and so validate) the header; see restRoute.
  const key = ["POST", "PUT", "PATCH"].includes(c.req.method) ? c.req.header("idempotency-key") : undefined;
  return inTenant(c, async (tx, caller) => {
    const actor = apiActor(caller);
    if (key === undefined) return fn(tx, actor);
    const endpoint = `${c.req.method} ${c.req.path}`;
    return (await idempotent(tx, { key, endpoint, body: c.var.jsonBody }, (sp) => fn(sp, actor))) as R;
  });
}
