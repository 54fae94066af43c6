import { z } from "zod";
import { deliveryListSchema, getDelivery, listDeliveries, redeliver } from "@/server/webhooks/deliveries";
import { createEndpoint, deleteEndpoint, listEndpoints, rotateSecret, sendTestEvent, updateEndpoint } from "@/server/webhooks/endpoints";
import { WEBHOOK_EVENT_TYPES } from "@/server/webhooks/events";
import { endpointInputSchema, endpointPatchSchema, rotateSchema } from "@/server/webhooks/schemas";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

// Webhook endpoints are integration credentials, like API keys: the same permission guards both.
const manage = () => tenantProcedure("apikeys.manage");
const byId = z.object({ id: z.uuid() });

export const webhooksRouter = createTRPCRouter({
  eventTypes: manage().query(() => [...WEBHOOK_EVENT_TYPES]),
  list: manage().query(({ ctx }) => listEndpoints(ctx.tx)),
  /** The secret is in this response only; it is stored sealed and never shown again. */
  create: manage()
    .input(endpointInputSchema)
    .mutation(({ ctx, input }) => createEndpoint(ctx.tx, staffActor(ctx), input)),
  update: manage()
    .input(byId.extend({ patch: endpointPatchSchema }))
    .mutation(({ ctx, input }) => updateEndpoint(ctx.tx, staffActor(ctx), input.id, input.patch)),
  delete: manage()
    .input(byId)
    .mutation(({ ctx, input }) => deleteEndpoint(ctx.tx, staffActor(ctx), input.id)),
  /** The new secret is in this response only. */
  rotateSecret: manage()
    .input(byId.extend(rotateSchema.shape))
    .mutation(({ ctx, input }) => rotateSecret(ctx.tx, staffActor(ctx), input.id, { graceHours: input.graceHours })),
  sendTest: manage()
    .input(byId)
    .mutation(({ ctx, input }) => sendTestEvent(ctx.tx, input.id)),
  deliveries: manage()
    .input(deliveryListSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.tx, input)),
  delivery: manage()
    .input(byId)
    .query(({ ctx, input }) => getDelivery(ctx.tx, input.id)),
  redeliver: manage()
    .input(byId)
    .mutation(({ ctx, input }) => redeliver(ctx.tx, input.id)),
});
