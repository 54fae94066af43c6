/** Schemas shared by every /api/v1 route: the problem document and common parameters. */
import { z } from "@hono/zod-openapi";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "about:blank" }),
    title: z.string().openapi({ description: "The HTTP status phrase.", example: "Bad Request" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ description: "What went wrong, in plain English.", example: "The request is not valid: commissionLevels must be at most 3." }),
    code: z.string().openapi({
      description:
        "Stable error code: BAD_REQUEST, UNAUTHORIZED, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, REQUEST_TIMEOUT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNPROCESSABLE, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, INTERNAL.",
      example: "BAD_REQUEST",
    }),
    errors: z
      .record(z.string(), z.string())
      .optional()
      .openapi({
        description:
          "Each bad field by its JSON path, with a stable key: required, invalid_type, too_small, too_big, invalid_format, invalid_value, unrecognized_key, or a rule's own key (e.g. not_found, taken).",
        example: { commissionLevels: "too_big", "items.0.amountFen": "invalid_type" },
      }),
  })
  .openapi("Problem");

export const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** A JSON response body for a route's `responses`. */
export function jsonContent<S extends z.ZodType>(schema: S) {
  return { "application/json": { schema } };
}

/** A required JSON request body. */
export function jsonBody<S extends z.ZodType>(schema: S, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } };
}

/** Times are ISO 8601 with offset. */
export const isoTime = z.string().openapi({ format: "date-time", example: "2024-06-01T10:00:00.000Z" });
