/** What the public API's middleware hands down to routes (Hono context variables). */
import type { Database } from "@/db/client";
import type { OrderGroups } from "@/server/orders/group-commit";
import type { ApiKeyCache } from "./pipeline/auth";
import type { InFlightLimiter } from "./pipeline/concurrency";
import type { TokenBuckets } from "./pipeline/rate-limit";
import type { RestLimits } from "./limits";

/** The caller, once its key is authenticated. */
export interface ApiCaller {
  tenantId: string;
  apiKeyId: string;
}

/** One app's shared state: the database and the per-process limiters and caches. */
export interface RestDeps {
  database: () => Promise<Database>;
  limits: RestLimits;
  keys: ApiKeyCache;
  rate: TokenBuckets;
  inFlight: InFlightLimiter;
  /** Group commit of single orders (POST /api/v1/orders). */
  orderGroups: OrderGroups;
}

export interface RestEnv {
  Variables: {
    deps: RestDeps;
    caller: ApiCaller;
    /** The request body as text ("" when there is none), read under the cap and deadline. */
    rawBody: string;
    /** The parsed JSON body (undefined when there is none). */
    jsonBody: unknown;
  };
}
