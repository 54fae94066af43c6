/**
 * The public REST API, /api/v1, as one Hono app. It is served two ways with the same code:
 * straight from node:http by `npm start` (server/http/main.ts → ./node.ts), ahead of Next's
 * route pipeline, and through a Next catch-all route under `next dev` (./next.ts).
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { Database } from "@/db/client";
import { AppError, APP_ERROR_HTTP, type AppErrorCode } from "@/server/errors";
import { createOrderGroups } from "@/server/orders/group-commit";
import type { RestDeps, RestEnv } from "./context";
import { registerDocs } from "./docs";
import { limitsFromEnv, type RestLimits } from "./limits";
import { ApiKeyCache } from "./pipeline/auth";
import { InFlightLimiter } from "./pipeline/concurrency";
import { TokenBuckets } from "./pipeline/rate-limit";
import { errorResponse, problemBody, problemResponse, validationProblem } from "./problem";
import { BEARER } from "./route";
import { registerCommissionRules } from "./routes/commission-rules";
import { registerDistributors } from "./routes/distributors";
import { registerLedger } from "./routes/ledger";
import { registerDashboard } from "./routes/dashboard";
import { registerLevels } from "./routes/levels";
import { registerMembers } from "./routes/members";
import { registerMe } from "./routes/me";
import { registerOrders } from "./routes/orders";
import { registerPayouts } from "./routes/payouts";
import { registerProducts } from "./routes/products";
import { registerProgram } from "./routes/program";
import { registerRisk } from "./routes/risk";
import { registerWebhooks } from "./routes/webhooks";
import { registerWithdrawals } from "./routes/withdrawals";
import { inBrand } from "./tenant";
import { registerTeamBonus } from "./routes/team-bonus";
import { registerKpiTasks } from "./routes/kpi-tasks";

export type RestApp = OpenAPIHono<RestEnv>;

export interface RestAppOptions {
  database: () => Promise<Database>;
  limits?: Partial<RestLimits>;
}

/** Hono's own refusals (e.g. its validator's 415) as our AppError, by status. */
function fromHttpException(e: HTTPException): AppError {
  const code = (Object.keys(APP_ERROR_HTTP) as AppErrorCode[]).find((k) => APP_ERROR_HTTP[k] === e.status) ?? "BAD_REQUEST";
  return new AppError(code, e.message || "The request could not be processed.");
}

export function createRestApp(options: RestAppOptions): RestApp {
  const limits = { ...limitsFromEnv(), ...options.limits };
  const deps: RestDeps = {
    database: options.database,
    limits,
    keys: new ApiKeyCache(limits.keyCacheSeconds * 1000),
    rate: new TokenBuckets(limits.rateLimitPerSecond, limits.rateLimitBurst),
    inFlight: new InFlightLimiter(limits.maxInFlightPerKey),
    orderGroups: createOrderGroups({ run: async (tenantId, fn) => inBrand(await options.database(), tenantId, fn) }),
  };
  const app: RestApp = new OpenAPIHono<RestEnv>({
    // Every route's zod validation failure, as problem+json naming each field.
    defaultHook: (result) => {
      // @hono/zod-validator hands the hook the validated value as `data` (not in its types).
      if (!result.success) return problemResponse(validationProblem(result.error.issues, (result as { data?: unknown }).data));
    },
  });
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  });
  app.onError((e) => errorResponse(e instanceof HTTPException ? fromHttpException(e) : e));
  app.notFound(() => problemResponse(problemBody("NOT_FOUND", "There is no such endpoint; see /api/v1/openapi.json.")));

  app.openAPIRegistry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    description: "An API key from the console (Settings → API keys): `Authorization: Bearer fx_…`.",
  });
  registerMe(app);
  registerProgram(app);
  registerLevels(app);
  registerDistributors(app);
  registerProducts(app);
  registerOrders(app);
  registerCommissionRules(app);
  registerLedger(app);
  registerDashboard(app);
  registerPayouts(app);
  registerWithdrawals(app);
  registerTeamBonus(app);
  registerKpiTasks(app);
  registerMembers(app);
  registerRisk(app);
  registerWebhooks(app);
  registerDocs(app);
  return app;
}
