/** problem+json bodies: stable keys per field path, plain-English detail, nothing internal. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { CONSOLE_TO_REST_KEY, errorResponse, REST_FIELD_KEYS, restFieldKey, validationErrors } from "./problem";

const Order = z.strictObject({
  channel: z.enum(["tmall", "jd"]),
  items: z.array(z.strictObject({ sku: z.string().min(1), quantity: z.number().int().min(1), amountFen: z.number().int() })).min(1).max(3),
  buyer: z.strictObject({ identities: z.array(z.strictObject({ kind: z.enum(["phone", "email"]), value: z.string() })) }),
  email: z.email().optional(),
});

function errorsOf(input: unknown) {
  const r = Order.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return validationErrors(r.error.issues, input);
}

describe("validationErrors", () => {
  it("names each bad field by its JSON path with a stable key", () => {
    const { errors } = errorsOf({
      channel: "taobao",
      items: [{ sku: "A", quantity: 1, amountFen: 1.5 }, { sku: "", quantity: 0, amountFen: 100, colour: "red" }],
      buyer: { identities: [{ kind: "phone", value: "1" }, { kind: "fax", value: "2" }] },
      email: "not-an-email",
      extra: 1,
    });
    // An unknown key is reported at its own path (items.1.colour), not at its object.
    expect(errors).toEqual({
      channel: "invalid_value",
      "items.0.amountFen": "invalid_type",
      "items.1.sku": "too_small",
      "items.1.quantity": "too_small",
      "items.1.colour": "unrecognized_key",
      "buyer.identities.1.kind": "invalid_value",
      email: "invalid_format",
      extra: "unrecognized_key",
    });
  });

  it("tells a missing field (required) from a wrong type, and a too-long list (too_big)", () => {
    const { errors, detail } = errorsOf({ items: [{}, {}, {}, {}], buyer: null });
    expect(errors).toEqual({ channel: "required", items: "too_big", buyer: "invalid_type" });
    expect(detail).toBe("The request is not valid: channel is required; items must be at most 3 items; buyer must be an object.");
  });

  it("words an exclusive bound as one: 0 where more than 0 is needed is not \"at least 0\"", () => {
    const Payout = z.strictObject({ amountFen: z.number().int().positive(), note: z.string().max(3) });
    const r = Payout.safeParse({ amountFen: 0, note: "long" });
    if (r.success) throw new Error("expected a failure");
    const { errors, detail } = validationErrors(r.error.issues, { amountFen: 0, note: "long" });
    expect(errors).toEqual({ amountFen: "too_small", note: "too_big" });
    expect(detail).toBe("The request is not valid: amountFen must be more than 0; note must be at most 3 characters.");
  });

  it("calls a body that is not an object `body`", () => {
    expect(errorsOf([1]).errors).toEqual({ body: "invalid_type" });
  });
});

describe("errorResponse", () => {
  it("maps each AppError code to its status, with code, errors and headers", async () => {
    const res = errorResponse(new AppError("UNPROCESSABLE", "There is no level named \"x\".", { fields: { level: "not_found" } }));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Unprocessable Entity",
      status: 422,
      detail: 'There is no level named "x".',
      code: "UNPROCESSABLE",
      errors: { level: "not_found" },
    });
    const limited = errorResponse(new AppError("TOO_MANY_REQUESTS", "slow down", { retryAfterSeconds: 3 }));
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    const large = errorResponse(new AppError("PAYLOAD_TOO_LARGE", "too big"));
    expect([large.status, large.headers.get("connection")]).toEqual([413, "close"]);
  });

  it("never shows a database error's text", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(Object.assign(new Error('duplicate key value violates unique constraint "secret_idx"'), { code: "23505" }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret_idx");
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: "INTERNAL" });
  });
});

function serverSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return serverSources(p);
    return /\.ts$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("field keys in API errors", () => {
  it("are the contract's stable keys, never the console's message keys", async () => {
    const res = errorResponse(new AppError("CONFLICT", "Another level already has this name.", { fields: { name: "level.nameTaken", rank: "taken" } }));
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Conflict",
      status: 409,
      detail: "Another level already has this name.",
      code: "CONFLICT",
      errors: { name: "taken", rank: "taken" },
    });
    expect(restFieldKey("levels.unknown")).toBe("not_found");
    expect(restFieldKey("something.new")).toBe("invalid_value");
  });

  it("map every field key a service throws to a stable key on purpose", () => {
    const stable = new Set<string>(REST_FIELD_KEYS);
    const thrown = new Set<string>();
    for (const file of serverSources(path.resolve(import.meta.dirname, ".."))) {
      const text = readFileSync(file, "utf8");
      for (const fields of text.matchAll(/fields: \{([^}]*)\}/g)) {
        // Single words and message keys; sentences (portal sign-in) are not keys.
        for (const m of fields[1]!.matchAll(/:\s*"([A-Za-z_.]+)"/g)) thrown.add(m[1]!);
      }
    }
    expect(thrown.size).toBeGreaterThan(10);
    const unmapped = [...thrown].filter((k) => !stable.has(k) && !(k in CONSOLE_TO_REST_KEY));
    expect(unmapped).toEqual([]);
    for (const key of Object.values(CONSOLE_TO_REST_KEY)) expect(stable.has(key)).toBe(true);
  });
});
