import { describe, expect, it } from "vitest";
import { problemResponse } from "./problem";

describe("problemResponse (refusals before a handler)", () => {
  it("has the public API's shape: the status phrase as title, plain English as detail, a stable code", async () => {
    const res = problemResponse(413, "PAYLOAD_TOO_LARGE", "Request body is larger than 1024 bytes.", { connection: "close" });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Payload Too Large",
      status: 413,
      detail: "Request body is larger than 1024 bytes.",
      code: "PAYLOAD_TOO_LARGE",
    });
  });
});
