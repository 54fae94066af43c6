/**
 * Outbound webhooks over the public API (issue 11 item 3), so a brand's system can register the
 * receiver it runs without the console: endpoints (GET|POST /api/v1/webhooks/endpoints,
 * PATCH|DELETE …/endpoints/{id}, POST …/{id}/rotate-secret, POST …/{id}/test) and the delivery
 * log (GET /api/v1/webhooks/deliveries, GET …/deliveries/{id}, POST …/{id}/redeliver).
 * The same services as the console; a secret is in the answer that made it and nowhere else.
 */
import { z } from "@hono/zod-openapi";
import { getDelivery, listDeliveries, redeliver } from "@/server/webhooks/deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
  type EndpointView,
} from "@/server/webhooks/endpoints";
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from "@/server/webhooks/events";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { isoTime, jsonBody, jsonContent } from "../schemas";
import { inTenant, mutate } from "../tenant";

const TAG = ["Webhooks"];
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const EndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()).openapi({
      description:
        "Event types delivered (wildcards such as `withdrawal.*` are expanded when saved).",
    }),
    enabled: z.boolean(),
    consecutiveFailures: z.number().int(),
    disabledAt: isoTime.nullable(),
    disabledReason: z
      .string()
      .nullable()
      .openapi({ description: "`manual`, or why deliveries stopped after repeated failure." }),
    previousSecretExpiresAt: isoTime
      .nullable()
      .openapi({ description: "Until then the rotated-out secret also signs (a second `v1`)." }),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .openapi("WebhookEndpoint");

const events = z
  .array(z.string().trim().min(1).max(64))
  .min(1)
  .max(64)
  .openapi({
    description: `Any of ${WEBHOOK_EVENT_TYPES.map((t) => `\`${t}\``).join(", ")}; \`withdrawal.*\` takes every withdrawal event.`,
  });
const EndpointInput = z
  .strictObject({
    url: z.string().trim().min(1).max(2048).openapi({
      description:
        "HTTPS. Loopback, private and link-local targets are refused (outside development).",
      example: "https://erp.example.com/fenxiao/webhooks",
    }),
    description: z.string().trim().max(200).optional(),
    events,
    enabled: z.boolean().optional(),
  })
  .openapi("WebhookEndpointInput");
const EndpointPatch = z
  .strictObject({
    url: z.string().trim().min(1).max(2048).optional(),
    description: z.string().trim().max(200).optional(),
    events: events.optional(),
    enabled: z
      .boolean()
      .optional()
      .openapi({ description: "`true` also clears an automatic disabling and its failure count." }),
  })
  .openapi("WebhookEndpointPatch");
const Created = z
  .object({
    endpoint: EndpointSchema,
    secret: z.string().openapi({
      description: "Shown here only: keep it to verify `Fenxiao-Signature`.",
      example: "whsec_…",
    }),
  })
  .openapi("WebhookEndpointCreated");
const Rotated = z
  .object({ secret: z.string(), previousSecretExpiresAt: isoTime.nullable() })
  .openapi("WebhookSecretRotated");

const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.string().openapi({ description: "The event type, e.g. `commission.settled`." }),
    orderingKey: z.string().openapi({
      description: "Deliveries with one key (one order, one withdrawal) go out in order.",
    }),
    endpointId: z.string(),
    endpointUrl: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: isoTime.nullable(),
    deliveredAt: isoTime.nullable(),
    createdAt: isoTime,
  })
  .openapi("WebhookDelivery");
const DeliveryDetail = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: isoTime.nullable(),
    event: z.object({
      id: z.string(),
      type: z.string(),
      createdAt: isoTime,
      data: z.record(z.string(), z.unknown()),
    }),
    log: z.array(
      z.object({
        attemptNo: z.number().int(),
        statusCode: z.number().int().nullable(),
        durationMs: z.number().int().nullable(),
        error: z.string().nullable(),
        trigger: z.string(),
        at: isoTime,
      }),
    ),
  })
  .openapi("WebhookDeliveryDetail");
const DeliveryQuery = z.object({
  endpointId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  type: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** A POST that needs nothing more than its path takes `{}` (every POST here has a JSON body). */
const NoBody = jsonBody(z.strictObject({}).openapi("NoFields"));

const notFound = problems({ 404: "No such endpoint or delivery at this brand." });

export const listEndpointsRoute = restRoute({
  method: "get",
  path: "/api/v1/webhooks/endpoints",
  tags: TAG,
  summary: "List webhook endpoints",
  responses: {
    200: {
      description: "Newest first.",
      content: jsonContent(z.object({ items: z.array(EndpointSchema) })),
    },
  },
});
export const createEndpointRoute = restRoute({
  method: "post",
  path: "/api/v1/webhooks/endpoints",
  tags: TAG,
  summary: "Register a webhook endpoint",
  description:
    "Events committed from now on are delivered to it, signed with the secret in this answer. Audited.",
  request: { body: jsonBody(EndpointInput) },
  responses: {
    201: { description: "Registered.", content: jsonContent(Created) },
    ...problems({ 422: "The URL is refused (`errors.url`)." }),
  },
});
export const updateEndpointRoute = restRoute({
  method: "patch",
  path: "/api/v1/webhooks/endpoints/{id}",
  tags: TAG,
  summary: "Change an endpoint",
  request: { params: IdParam, body: jsonBody(EndpointPatch) },
  responses: {
    200: { description: "The endpoint.", content: jsonContent(EndpointSchema) },
    ...notFound,
  },
});
export const deleteEndpointRoute = restRoute({
  method: "delete",
  path: "/api/v1/webhooks/endpoints/{id}",
  tags: TAG,
  summary: "Delete an endpoint",
  description: "With its deliveries and their log. Audited.",
  request: { params: IdParam },
  responses: {
    200: { description: "Deleted.", content: jsonContent(z.object({ deleted: z.literal(true) })) },
    ...notFound,
  },
});
export const rotateSecretRoute = restRoute({
  method: "post",
  path: "/api/v1/webhooks/endpoints/{id}/rotate-secret",
  tags: TAG,
  summary: "Rotate the signing secret",
  description:
    "The old secret keeps signing beside the new one for `graceHours` (default 24, at most 168).",
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .strictObject({ graceHours: z.number().int().min(0).max(168).optional() })
        .openapi("WebhookRotateInput"),
    ),
  },
  responses: {
    200: { description: "The new secret, shown here only.", content: jsonContent(Rotated) },
    ...notFound,
  },
});
export const testEndpointRoute = restRoute({
  method: "post",
  path: "/api/v1/webhooks/endpoints/{id}/test",
  tags: TAG,
  summary: "Send a test event",
  description: "A `webhook.test` event to this endpoint alone, enabled or not. Send `{}`.",
  request: { params: IdParam, body: NoBody },
  responses: {
    202: { description: "Queued.", content: jsonContent(z.object({ queued: z.literal(true) })) },
    ...notFound,
  },
});
export const listDeliveriesRoute = restRoute({
  method: "get",
  path: "/api/v1/webhooks/deliveries",
  tags: TAG,
  summary: "The delivery log",
  description: "Newest first, filtered by endpoint, status or event type.",
  request: { query: DeliveryQuery },
  responses: {
    200: {
      description: "A page.",
      content: jsonContent(z.object({ items: z.array(DeliverySchema), total: z.number().int() })),
    },
  },
});
export const getDeliveryRoute = restRoute({
  method: "get",
  path: "/api/v1/webhooks/deliveries/{id}",
  tags: TAG,
  summary: "A delivery with its payload and every attempt",
  request: { params: IdParam },
  responses: {
    200: { description: "The delivery.", content: jsonContent(DeliveryDetail) },
    ...notFound,
  },
});
export const redeliverRoute = restRoute({
  method: "post",
  path: "/api/v1/webhooks/deliveries/{id}/redeliver",
  tags: TAG,
  summary: "Send a delivery again",
  description:
    "Due now, even to a disabled endpoint; it still waits for an earlier pending delivery of the same order. Send `{}`.",
  request: { params: IdParam, body: NoBody },
  responses: {
    202: { description: "Queued.", content: jsonContent(z.object({ queued: z.literal(true) })) },
    ...notFound,
  },
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function endpointJson(e: EndpointView) {
  return {
    ...e,
    disabledAt: iso(e.disabledAt),
    previousSecretExpiresAt: iso(e.previousSecretExpiresAt),
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
  };
}

export function registerWebhooks(app: RestApp) {
  app.openapi(listEndpointsRoute, (c) =>
    inTenant(c, async (tx) => c.json({ items: (await listEndpoints(tx)).map(endpointJson) }, 200)),
  );
  app.openapi(createEndpointRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const { endpoint, secret } = await createEndpoint(tx, actor, c.req.valid("json"));
      return c.json({ endpoint: endpointJson(endpoint), secret }, 201);
    }),
  );
  app.openapi(updateEndpointRoute, (c) =>
    mutate(c, async (tx, actor) =>
      c.json(
        endpointJson(await updateEndpoint(tx, actor, c.req.valid("param").id, c.req.valid("json"))),
        200,
      ),
    ),
  );
  app.openapi(deleteEndpointRoute, (c) =>
    mutate(c, async (tx, actor) => {
      await deleteEndpoint(tx, actor, c.req.valid("param").id);
      return c.json({ deleted: true as const }, 200);
    }),
  );
  app.openapi(rotateSecretRoute, (c) =>
    mutate(c, async (tx, actor) => {
      const r = await rotateSecret(tx, actor, c.req.valid("param").id, c.req.valid("json"));
      return c.json(
        { secret: r.secret, previousSecretExpiresAt: iso(r.previousSecretExpiresAt) },
        200,
      );
    }),
  );
  app.openapi(testEndpointRoute, (c) =>
    mutate(c, async (tx) => {
      await sendTestEvent(tx, c.req.valid("param").id);
      return c.json({ queued: true as const }, 202);
    }),
  );
  app.openapi(listDeliveriesRoute, (c) =>
    inTenant(c, async (tx) => {
      const page = await listDeliveries(tx, c.req.valid("query"));
      return c.json(
        {
          items: page.items.map((d) => ({
            ...d,
            nextAttemptAt: iso(d.nextAttemptAt),
            deliveredAt: iso(d.deliveredAt),
            createdAt: iso(d.createdAt)!,
          })),
          total: page.total,
        },
        200,
      );
    }),
  );
  app.openapi(getDeliveryRoute, (c) =>
    inTenant(c, async (tx) => {
      const d = await getDelivery(tx, c.req.valid("param").id);
      return c.json(
        {
          ...d,
          nextAttemptAt: iso(d.nextAttemptAt),
          event: {
            ...d.event,
            createdAt: iso(d.event.createdAt)!,
            data: d.event.data,
          },
          log: d.log.map((a) => ({ ...a, at: iso(a.at)! })),
        },
        200,
      );
    }),
  );
  app.openapi(redeliverRoute, (c) =>
    mutate(c, async (tx) => {
      await redeliver(tx, c.req.valid("param").id);
      return c.json({ queued: true as const }, 202);
    }),
  );
}
