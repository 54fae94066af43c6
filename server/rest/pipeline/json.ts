/** Parses the (already read) body as JSON, after authentication and limits, before validation. */
import type { MiddlewareHandler } from "hono";
import { AppError } from "@/server/errors";
import type { RestEnv } from "../context";

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * `takesBody`: the route declares a request body. A route that declares none (every GET and
 * DELETE, a POST that is only an action) takes an empty body whatever its Content-Type: many
 * HTTP clients send `Content-Type: application/json` on every request.
 */
export const parseJson = (takesBody: boolean): MiddlewareHandler<RestEnv> => async (c, next) => {
  const text = c.var.rawBody;
  const type = c.req.header("content-type");
  if (text === "") {
    // Declared JSON but sent nothing: say so, rather than "not valid JSON".
    if (takesBody && type && JSON_TYPE.test(type)) {
      throw new AppError("BAD_REQUEST", "The request body is empty; send a JSON object.", { fields: { body: "required" } });
    }
    c.set("jsonBody", undefined);
    return next();
  }
  if (!type || !JSON_TYPE.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON, with Content-Type: application/json.");
  }
  try {
    c.set("jsonBody", JSON.parse(text));
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.", { fields: { body: "invalid_json" } });
  }
  await next();
};
