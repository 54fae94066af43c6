/**
 * tRPC setup: context, error mapping and the one procedure chain
 *   public → authed → tenant(permission)      (brand staff, console)
 *   public → distributor                      (portal)
 * Tenant and distributor procedures run their resolver inside withTenant(), so the tenant is
 * set once here and never nullable after it.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { ZodError } from "zod";
import { issueKey, validationErrors } from "@/server/rest/problem";
import { appOrigin } from "@/server/shared/app-url";
import type { Database, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { can, type Permission } from "@/server/auth/permissions";
import { getStaffSession, staffBrandInTenant } from "@/server/auth/staff-auth";
import { AppError, isAppError, type AppErrorCode } from "@/server/errors";
import { getPortalSession } from "@/server/portal/portal-session";

export interface TrpcContextInput {
  database: Database;
  /** The staff session id from the next-auth JWT (validated against the database here). */
  staffSessionId?: string | null;
  /** Raw value of the portal cookie. */
  portalCookie?: string | null;
  ip: string;
  /** The first-party device cookie (fx_did), if the browser has one. */
  deviceId?: string | null;
  /** Response headers, so procedures can set cookies (portal sign-in). */
  resHeaders?: Headers;
  /** The origin absolute links are built on (appOrigin with the request's headers). */
  origin?: string;
}

export async function createTrpcContext(input: TrpcContextInput) {
  const staff = await getStaffSession(input.database.db, input.staffSessionId);
  return { ...input, origin: input.origin ?? appOrigin(), db: input.database.db, staff };
}
export type TrpcContext = Awaited<ReturnType<typeof createTrpcContext>>;

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  REQUEST_TIMEOUT: "TIMEOUT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function toTrpcError(e: AppError) {
  return new TRPCError({ code: TRPC_CODE[e.code], message: e.message, cause: e });
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const app = error.cause instanceof AppError ? error.cause : undefined;
    const zod = error.cause instanceof ZodError ? error.cause : undefined;
    // Anything that is not ours (e.g. a Postgres error) is reduced to a generic message.
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !app;
    return {
      ...shape,
      // Zod's own message is a JSON dump of its issues in library English: plain English instead.
      message: internal ? "Something went wrong. Please try again." : zod ? validationErrors(zod.issues).detail : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        appCode: app?.code ?? null,
        fields: app?.fields ?? (zod ? zodFields(zod) : null),
        retryAfterSeconds: app?.retryAfterSeconds ?? null,
      },
    };
  },
});

/** A message our schemas set on purpose: a catalogue key such as "name.required". */
const MESSAGE_KEY = /^[a-zA-Z_]+(\.[a-zA-Z_]+)+$/;

/**
 * Field → key for forms: the schema's own message key when it set one, else the stable key of
 * the issue (required, too_small, …; common.validation), never zod's library sentence.
 */
export function zodFields(e: ZodError) {
  const out: Record<string, string> = {};
  for (const issue of e.issues) {
    out[issue.path.join(".")] ??= MESSAGE_KEY.test(issue.message) ? issue.message : issueKey(issue);
  }
  return out;
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps AppError thrown anywhere below to its tRPC code. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const mapped = toTrpcError(result.error.cause);
    return { ...result, error: mapped };
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.staff) throw new AppError("UNAUTHORIZED", "Please sign in.");
  return next({ ctx: { ...ctx, staff: ctx.staff } });
});

class Rollback extends Error {}

/** Run the rest of the chain in one tenant transaction; a failed result rolls it back. */
async function inTenantTransaction<R extends { ok: boolean }>(
  database: Database,
  tenantId: string,
  run: (tx: Tx) => Promise<R>,
): Promise<R> {
  let out: R | undefined;
  try {
    await withTenant(database.db, tenantId, async (tx) => {
      out = await run(tx);
      if (!out.ok) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return out!;
}

export interface TenantCtx {
  id: string;
  slug: string;
  name: string;
}

/**
 * A staff procedure that calls out (a payment gateway) and so must not hold a transaction open
 * across the call: the membership and permission are checked in a short tenant transaction,
 * then the resolver runs with `ctx.db` and opens its own transactions around the call.
 */
export const tenantOutboundProcedure = (permission: Permission) =>
  authedProcedure.use(async ({ ctx, next }) => {
    const tenantId = ctx.staff.activeTenantId;
    if (!tenantId) throw new AppError("FORBIDDEN", "Choose a brand first.");
    const brand = await withTenant(ctx.database.db, tenantId, (tx) => staffBrandInTenant(tx, ctx.staff.userId));
    if (!brand) throw new AppError("FORBIDDEN", "You are no longer a member of this brand.");
    if (!can(brand.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
    const tenant: TenantCtx = { id: brand.tenantId, slug: brand.slug, name: brand.name };
    return next({ ctx: { ...ctx, tenant, role: brand.role } });
  });

/** A staff procedure in the active brand that requires `permission`. */
export const tenantProcedure = (permission: Permission) =>
  authedProcedure.use(async ({ ctx, next }) => {
    const tenantId = ctx.staff.activeTenantId;
    if (!tenantId) throw new AppError("FORBIDDEN", "Choose a brand first.");
    // The membership is read inside the tenant transaction: no separate platform round trip.
    return inTenantTransaction(ctx.database, tenantId, async (tx) => {
      const brand = await staffBrandInTenant(tx, ctx.staff.userId);
      if (!brand) throw new AppError("FORBIDDEN", "You are no longer a member of this brand.");
      if (!can(brand.role, permission)) {
        throw new AppError("FORBIDDEN", "Your role does not allow this action.");
      }
      const tenant: TenantCtx = { id: brand.tenantId, slug: brand.slug, name: brand.name };
      return next({ ctx: { ...ctx, tx, tenant, role: brand.role } });
    });
  });

/** A portal procedure for a signed-in member of the brand in the portal cookie. */
export const distributorProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = await getPortalSession(ctx.db, ctx.portalCookie);
  if (!session) throw new AppError("UNAUTHORIZED", "Please sign in with your phone number.");
  return inTenantTransaction(ctx.database, session.tenantId, (tx) =>
    next({ ctx: { ...ctx, tx, portal: session } }),
  );
});

export { TRPCError };
