import { z } from "zod";

/** An endpoint as the console and API send it; `events` may use `withdrawal.*` style wildcards. */
export const endpointInputSchema = z.object({
  url: z.string().trim().min(1).max(2048),
  description: z.string().trim().max(200).default(""),
  events: z.array(z.string().trim().min(1).max(64)).min(1).max(64),
  enabled: z.boolean().default(true),
});
export type EndpointInput = z.input<typeof endpointInputSchema>;

export const endpointPatchSchema = endpointInputSchema.partial();
export type EndpointPatch = z.input<typeof endpointPatchSchema>;

/** How long a rotated-out secret keeps signing (both are sent meanwhile). */
export const rotateSchema = z.object({
  graceHours: z.number().int().min(0).max(7 * 24).default(24),
});
