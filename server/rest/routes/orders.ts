/**
 * Orders (DESIGN.md "Public API v1" → Orders): POST /api/v1/orders, POST /api/v1/orders/batch,
 * POST /api/v1/orders/{channel}/{externalId}/events, GET /api/v1/orders/{channel}/{externalId}.
 * Commission is computed and posted inside the request's transaction, so balances answer for
 * an order the moment it is acknowledged.
 */
import { z } from "@hono/zod-openapi";
import { AppError } from "@/server/errors";
import { sendJobEvents, type JobEvent } from "@/server/jobs/events";
import { applyOrderEvent } from "@/server/orders/events";
import { ingestOrders } from "@/server/orders/ingest";
import { channelSchema, MAX_BATCH, orderEventSchema, orderInputSchema, type OrderInput } from "@/server/orders/schemas";
import { ingestAndView, type GroupedOrderResult } from "@/server/orders/group-commit";
import { findOrderId, orderView } from "@/server/orders/views";
import type { RestApp } from "../app";
import { validationErrors } from "../problem";
import { problems, restRoute } from "../route";
import { jsonBody, jsonContent } from "../schemas";
import { apiActor, inTenant, mutate } from "../tenant";

/** 4 MiB for a batch of up to 1,000 orders (DESIGN.md); single requests keep the default 256 KiB. */
const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

const OrderSchema = z
  .object({
    channel: channelSchema,
    externalId: z.string(),
    status: z.enum(["paid", "completed", "cancelled"]),
    paidAt: z.string(),
    completedAt: z.string().nullable(),
    settleAfter: z.string().nullable().openapi({ description: "completedAt + the brand's after-sales days × 24 h; commissions settle after it." }),
    attribution: z.object({
      distributorCode: z.string().nullable(),
      source: z.enum(["referral_code", "binding", "none"]),
    }),
    risk: z.object({
      verdict: z.enum(["allow", "review", "block"]),
      rules: z.array(z.object({ code: z.string(), action: z.enum(["allow", "review", "block"]), evidence: z.record(z.string(), z.unknown()) })).openapi({
        description:
          "The rules that fired (GET /api/v1/risk/rules lists them: self_purchase, self_purchase_link, device_cluster, ip_cluster, address_cluster, phone_cluster, brushing_burst, near_threshold, ring, blacklist, shared_blacklist), each with masked evidence: the shared device / address / phone masked, the counts and window, the related orders as channel:externalId, the ring's distributor codes, the list entry. `review` holds the order's commissions; `block` pays none.",
      }),
    }),
    items: z.array(z.object({ sku: z.string(), category: z.string().nullable(), quantity: z.number().int(), amountFen: z.number().int(), refundedFen: z.number().int() })),
    commissions: z.array(
      z.object({
        tier: z.number().int().min(1).max(3),
        distributorCode: z.string(),
        sku: z.string(),
        amountFen: z.number().int().openapi({ description: "What the line earns now, after refunds (0 when cancelled or fully refunded)." }),
        status: z.enum(["pending", "held", "settled", "cancelled"]),
        ruleId: z.string(),
        ruleVersion: z.number().int(),
        trace: z.string().openapi({ example: "¥8.20 = 8.2% of ¥100.00, rule 双11 v2, tier 1" }),
      }),
    ),
  })
  .openapi("Order");

const OrderKeyParams = z.object({
  channel: channelSchema.openapi({ param: { name: "channel", in: "path" }, example: "tmall" }),
  externalId: z.string().min(1).max(128).openapi({ param: { name: "externalId", in: "path" }, example: "4012345678901234" }),
});

const BatchSchema = z
  .strictObject({ orders: z.array(z.unknown()).min(1).openapi({ description: `Up to ${MAX_BATCH} orders, each as for POST /api/v1/orders.` }) })
  .openapi("OrderBatch");

const BatchResultSchema = z
  .object({
    results: z.array(
      z.object({
        channel: z.string().nullable(),
        externalId: z.string().nullable(),
        status: z.enum(["created", "existing", "error"]),
        error: z
          .object({ code: z.string(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() })
          .optional()
          .openapi({ description: "Why this order was refused; the other orders are not affected." }),
      }),
    ),
  })
  .openapi("OrderBatchResult");

export const postOrderRoute = restRoute({
  method: "post",
  path: "/api/v1/orders",
  tags: ["Orders"],
  summary: "Record an order",
  description:
    "Resolves the buyer through OneID, attributes the order (referral code per the binding mode, else the buyer's binding), runs the risk checks and posts each tier's commission as pending, all in this request. The same (channel, externalId) again answers 200 with the existing order, unchanged.",
  request: { body: jsonBody(orderInputSchema.clone().openapi("OrderInput")) },
  responses: {
    201: { description: "Created.", content: jsonContent(OrderSchema) },
    200: { description: "This (channel, externalId) was recorded before: the existing order, unchanged.", content: jsonContent(OrderSchema) },
  },
});

export const postBatchRoute = restRoute({
  method: "post",
  path: "/api/v1/orders/batch",
  tags: ["Orders"],
  summary: "Record up to 1,000 orders",
  description: "Runs in array order; one bad order does not fail the others. More than 1,000 orders, or a body over 4 MiB, is refused whole (413).",
  bodyLimit: BATCH_BODY_LIMIT,
  request: { body: jsonBody(BatchSchema) },
  responses: { 200: { description: "One result per order, in order.", content: jsonContent(BatchResultSchema) } },
});

export const postEventRoute = restRoute({
  method: "post",
  path: "/api/v1/orders/{channel}/{externalId}/events",
  tags: ["Orders"],
  summary: "Complete, refund or cancel an order",
  description:
    "`completed` starts the after-sales window; `refund` recomputes the refunded lines' commissions with the rule versions they used (pending shrinks; settled is clawed back from available, then into arrears); `cancelled` (before completion) cancels every commission. A repeated refundId, or a repeated completion or cancellation, changes nothing.",
  request: { params: OrderKeyParams, body: jsonBody(orderEventSchema.clone().openapi("OrderEvent")) },
  responses: {
    200: { description: "The order after the event.", content: jsonContent(OrderSchema) },
    ...problems({
      404: "No such order in this brand.",
      422: "The event does not fit the order: a refund above what is left of a line or for a SKU not in it (`errors.items.N.amountFen` / `.sku`), completing a cancelled order, cancelling a completed one.",
    }),
  },
});

export const getOrderRoute = restRoute({
  method: "get",
  path: "/api/v1/orders/{channel}/{externalId}",
  tags: ["Orders"],
  summary: "One order with its commissions",
  request: { params: OrderKeyParams },
  responses: {
    200: { description: "The order.", content: jsonContent(OrderSchema) },
    ...problems({ 404: "No such order in this brand." }),
  },
});

const notFound = () => new AppError("NOT_FOUND", "No order with this channel and externalId.");

/** The echo of a batch entry's key, as far as the entry has one. */
function keyOf(raw: unknown) {
  const o = (raw ?? {}) as { channel?: unknown; externalId?: unknown };
  return {
    channel: typeof o.channel === "string" ? o.channel : null,
    externalId: typeof o.externalId === "string" ? o.externalId : null,
  };
}

export function registerOrders(app: RestApp) {
  app.openapi(postOrderRoute, async (c) => {
    const input = c.req.valid("json");
    const tenantId = c.var.caller.tenantId;
    const location = `/api/v1/orders/${input.channel}/${encodeURIComponent(input.externalId)}`;
    const jobs: JobEvent[] = [];
    const answer = ({ outcome, view }: GroupedOrderResult) => {
      jobs.length = 0; // a transaction retried after a deadlock starts its list again
      if (outcome.status === "created" && view.settleAfter) {
        jobs.push({ name: "order/completed", data: { tenantId, orderId: outcome.orderId, settleAfter: view.settleAfter } });
      }
      return c.json(view, outcome.status === "created" ? 201 : 200, { location });
    };
    // Without an Idempotency-Key the order joins its lane's next group commit
    // (server/orders/group-commit.ts); with one, its stored answer commits with its effects.
    const res =
      c.req.header("idempotency-key") === undefined
        ? answer(await c.var.deps.orderGroups.submit(tenantId, apiActor(c.var.caller), input))
        : await mutate(c, async (tx, actor) => answer((await ingestAndView(tx, tenantId, actor, [input]))[0]!));
    // After the commit: a job woken for a rolled-back order would find nothing to do anyway.
    await sendJobEvents(jobs);
    return res;
  });

  app.openapi(postBatchRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { orders } = c.req.valid("json");
      if (orders.length > MAX_BATCH) {
        throw new AppError("PAYLOAD_TOO_LARGE", `A batch holds at most ${MAX_BATCH} orders; this one has ${orders.length}.`, {
          fields: { orders: "too_big" },
        });
      }
      type Result = z.infer<typeof BatchResultSchema>["results"][number];
      const results: Result[] = orders.map((raw) => ({ ...keyOf(raw), status: "error" }));
      const valid: { index: number; order: OrderInput }[] = [];
      orders.forEach((raw, index) => {
        const parsed = orderInputSchema.safeParse(raw);
        if (parsed.success) valid.push({ index, order: parsed.data });
        else results[index]!.error = { code: "BAD_REQUEST", ...validationErrors(parsed.error.issues, raw) };
      });
      const outcomes = await ingestOrders(tx, { tenantId: c.var.caller.tenantId, actor, source: "api" }, valid.map((v) => v.order));
      for (const o of outcomes) results[valid[o.index]!.index]!.status = o.status;
      return c.json({ results }, 200);
    }),
  );

  app.openapi(postEventRoute, async (c) => {
    const jobs: JobEvent[] = [];
    const res = await mutate(c, async (tx) => {
      jobs.length = 0; // a transaction retried after a deadlock starts its list again
      const { channel, externalId } = c.req.valid("param");
      const tenantId = c.var.caller.tenantId;
      const orderId = await findOrderId(tx, channel, externalId);
      if (!orderId) throw notFound();
      const event = c.req.valid("json");
      const { applied } = await applyOrderEvent(tx, { tenantId, source: "api" }, orderId, event);
      const view = await orderView(tx, orderId);
      if (applied && event.type === "completed" && view.settleAfter) jobs.push({ name: "order/completed", data: { tenantId, orderId, settleAfter: view.settleAfter } });
      if (applied && event.type === "refund") jobs.push({ name: "order/refunded", data: { tenantId, orderId } });
      return c.json(view, 200);
    });
    await sendJobEvents(jobs);
    return res;
  });

  app.openapi(getOrderRoute, (c) =>
    inTenant(c, async (tx) => {
      const { channel, externalId } = c.req.valid("param");
      const orderId = await findOrderId(tx, channel, externalId);
      if (!orderId) throw notFound();
      return c.json(await orderView(tx, orderId), 200);
    }),
  );
}
