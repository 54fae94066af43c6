/**
 * POST /api/v1/distributors, GET|PATCH /api/v1/distributors/{code} — distributors by referral
 * code, with their ledger balances.
 */
import { z } from "@hono/zod-openapi";
import { createDistributorFromSystem, distributorByCode, setStatusByCode } from "@/server/network/by-code";
import { DISTRIBUTOR_ROLES, DISTRIBUTOR_STATUSES } from "@/server/network/schemas";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const fen = (description: string) => z.number().int().min(0).openapi({ description });
const BalancesSchema = z
  .object({
    pendingFen: fen("Earned, waiting for the after-sales window to close (to be settled)."),
    heldFen: fen("Held by risk review until a reviewer decides."),
    availableFen: fen("Settled and withdrawable."),
    withdrawingFen: fen("In withdrawals that are not paid yet."),
    arrearsFen: fen("Clawed back after it was paid out: what the distributor owes, offset from the next settlements."),
  })
  .openapi("Balances");

const DistributorSchema = z
  .object({
    code: z.string().openapi({ description: "The referral code; the distributor's id in this API." }),
    name: z.string(),
    status: z.enum(DISTRIBUTOR_STATUSES),
    level: z.string().nullable().openapi({ description: "The level's name, or null." }),
    role: z.enum(DISTRIBUTOR_ROLES),
    region: z.string().nullable(),
    uplineCodes: z.array(z.string()).openapi({ description: "The tier-2 and tier-3 earners' codes, as far as they exist." }),
    balances: BalancesSchema,
    createdAt: isoTime,
  })
  .openapi("Distributor", {
    example: {
      code: "K7M2QX",
      name: "王小明",
      status: "active",
      level: "金牌",
      role: "distributor",
      region: "杭州",
      uplineCodes: ["A3B4C5", "Z9Y8X7"],
      balances: { pendingFen: 1280, heldFen: 0, availableFen: 5000, withdrawingFen: 0, arrearsFen: 0 },
      createdAt: "2024-06-01T10:00:00.000Z",
    },
  });

const NewDistributorSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60).openapi({ example: "王小明" }),
    phone: z.string().trim().min(1).max(30).openapi({ description: "Mainland China mobile number; finds or creates the member (OneID).", example: "13800138000" }),
    uplineCode: z.string().trim().min(1).max(20).nullish().openapi({ description: "The inviter's referral code (tier 2 of this distributor's sales).", example: "A3B4C5" }),
    level: z.string().trim().min(1).max(20).nullish().openapi({ description: "A level's name.", example: "金牌" }),
    role: z.enum(DISTRIBUTOR_ROLES).optional().openapi({ example: "distributor" }),
    region: z.string().trim().min(1).max(60).nullish().openapi({ description: "Required for role city_partner.", example: "杭州" }),
  })
  .superRefine((v, ctx) => {
    if (v.role === "city_partner" && !v.region) {
      ctx.addIssue({ code: "custom", path: ["region"], params: { key: "required", detail: "is required for a city_partner" } });
    }
  })
  .openapi("NewDistributor", { example: { name: "王小明", phone: "13800138000", uplineCode: "A3B4C5", level: "金牌", region: "杭州" } });

const StatusChangeSchema = z
  .strictObject({
    status: z.enum(["active", "frozen", "disabled"]),
    reason: z.string().trim().min(2).max(200).openapi({ example: "Refund abuse under review" }),
  })
  .openapi("DistributorStatusChange", { example: { status: "frozen", reason: "Refund abuse under review" } });

const CodeParam = z.object({
  code: z.string().min(1).max(20).openapi({ param: { name: "code", in: "path" }, example: "K7M2QX" }),
});

type View = Awaited<ReturnType<typeof distributorByCode>>;
const distributorJson = (d: View) => ({ ...d, createdAt: d.createdAt.toISOString() });

export const createDistributorRoute = restRoute({
  method: "post",
  path: "/api/v1/distributors",
  tags: ["Distributors"],
  summary: "Create an active distributor",
  description: "Active at once: the brand's system vouches for them. Audited as the API key.",
  request: { body: jsonBody(NewDistributorSchema) },
  responses: {
    201: { description: "Created.", content: jsonContent(DistributorSchema) },
    ...problems({
      409: "The phone number already belongs to a distributor (`errors.phone`).",
      422: "`uplineCode` or `level` names nothing in this brand (`errors.uplineCode` / `errors.level`: not_found).",
    }),
  },
});

export const getDistributorRoute = restRoute({
  method: "get",
  path: "/api/v1/distributors/{code}",
  tags: ["Distributors"],
  summary: "One distributor by referral code",
  request: { params: CodeParam },
  responses: {
    200: { description: "The distributor.", content: jsonContent(DistributorSchema) },
    ...problems({ 404: "No distributor with this code in this brand." }),
  },
});

export const patchDistributorRoute = restRoute({
  method: "patch",
  path: "/api/v1/distributors/{code}",
  tags: ["Distributors"],
  summary: "Freeze, disable or reactivate a distributor",
  description: "Recorded in the status history with the reason, and audited. Asking for the current status changes nothing.",
  request: { params: CodeParam, body: jsonBody(StatusChangeSchema) },
  responses: {
    200: { description: "The distributor after the change.", content: jsonContent(DistributorSchema) },
    ...problems({
      404: "No distributor with this code in this brand.",
      422: "The status cannot change this way (e.g. an application not yet approved): `errors.status` invalid_transition.",
    }),
  },
});

export function registerDistributors(app: RestApp) {
  app.openapi(createDistributorRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const d = await createDistributorFromSystem(tx, actor, c.req.valid("json"));
      return c.json(distributorJson(d), 201, { location: `/api/v1/distributors/${d.code}` });
    }),
  );
  app.openapi(getDistributorRoute, (c) => inTenant(c, async (tx) => c.json(distributorJson(await distributorByCode(tx, c.req.valid("param").code)), 200)));
  app.openapi(patchDistributorRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const d = await setStatusByCode(tx, actor, c.req.valid("param").code, c.req.valid("json"));
      return c.json(distributorJson(d), 200);
    }),
  );
}
