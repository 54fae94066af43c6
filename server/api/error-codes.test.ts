/** Every AppError code means the same HTTP status through tRPC as through problem+json. */
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { AppError, APP_ERROR_HTTP, type AppErrorCode } from "@/server/errors";
import { errorResponse } from "@/server/rest/problem";
import { toTrpcError } from "./trpc";

describe("AppError codes", () => {
  it.each(Object.keys(APP_ERROR_HTTP) as AppErrorCode[])("%s has one HTTP status in tRPC and in problem+json", (code) => {
    const e = new AppError(code, "x");
    expect(getHTTPStatusCodeFromError(toTrpcError(e))).toBe(APP_ERROR_HTTP[code]);
    expect(errorResponse(e).status).toBe(APP_ERROR_HTTP[code]);
  });

  it("includes the codes the public API needs", () => {
    expect(APP_ERROR_HTTP).toMatchObject({ UNPROCESSABLE: 422, PAYLOAD_TOO_LARGE: 413, REQUEST_TIMEOUT: 408, UNSUPPORTED_MEDIA_TYPE: 415 });
  });
});
