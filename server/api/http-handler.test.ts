/**
 * tRPC over HTTP: bodies are read whole, capped and on a deadline before any procedure (and so
 * before any transaction) runs, and mutations only come from our own origin, as JSON.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { withPlatform } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createStaffSession, getStaffSession, switchBrand } from "@/server/auth/staff-auth";
import { createBrandFixture } from "@/server/testing/fixtures";
import { trpcHttpHandler } from "./http-handler";
import { createTrpcContext } from "./trpc";

const APP_URL = "https://app.fenxiao.test";
const LIMITS = { maxBytes: 4096, deadlineMs: 400 };

let t: Database;
/** One connection: anything that kept it would stop every other query. */
let single: Database;
let sessionId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const url = inject("testDatabaseUrl");
  // PGlite is one connection already; on a server, a pool of one.
  single = url ? await openDatabase({ url, max: 1 }) : t;
  const b = await createBrandFixture(t);
  sessionId = await createStaffSession(t.db, b.ownerUserId);
  await switchBrand(t.db, (await getStaffSession(t.db, sessionId))!, b.tenantId);
});
afterAll(async () => {
  if (single !== t) await single.close();
  await t.close();
});

let contexts = 0;
const handler = trpcHttpHandler({
  appUrl: APP_URL,
  limits: LIMITS,
  createContext: (_req, resHeaders) => {
    contexts += 1;
    return createTrpcContext({ database: single, staffSessionId: sessionId, ip: "203.0.113.40", resHeaders });
  },
});

const encoder = new TextEncoder();
const profile = { json: { displayName: "Renamed brand" } };

function post(path: string, body: BodyInit | null, headers: Record<string, string> = {}) {
  return handler(
    new Request(`${APP_URL}/api/trpc/${path}`, {
      method: "POST",
      headers: { origin: APP_URL, "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit),
  );
}

/** A body that starts and then never arrives: the client stalls mid-upload. */
function stalledBody() {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('{"json":{"displayName":"'));
    },
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string) {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)),
  ]);
}

describe("tRPC request bodies", () => {
  it("a stalled body holds no database connection and is answered 408", async () => {
    contexts = 0;
    const stalled = [1, 2, 3].map(() => post("settings.updateProfile", stalledBody()));
    await new Promise((r) => setTimeout(r, 100));
    // While three uploads stall, the one connection is free for everyone else.
    const other = await withTimeout(
      withPlatform(single.db, (tx) => tx.execute(sql`select 1 as ok`)),
      LIMITS.deadlineMs - 150,
      "another request's query",
    );
    expect(other).toBeTruthy();
    const answers = await Promise.all(stalled);
    expect(answers.map((r) => r.status)).toEqual([408, 408, 408]);
    expect(answers[0]!.headers.get("content-type")).toBe("application/problem+json");
    expect(((await answers[0]!.json()) as { code: string }).code).toBe("REQUEST_TIMEOUT");
    // Refused before tRPC: no context, so no session lookup and no transaction.
    expect(contexts).toBe(0);
  });

  it("refuses a body over the cap with 413 problem+json, declared or streamed", async () => {
    contexts = 0;
    const big = JSON.stringify({ json: { slug: "x", phone: "1".repeat(LIMITS.maxBytes) } });
    const declared = await post("portal.requestCode", big, { "content-length": String(big.length) });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toBe("application/problem+json");
    expect(((await declared.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
    const chunks = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode("x".repeat(1000))); // endless, no length given
      },
    });
    expect((await post("portal.requestCode", chunks)).status).toBe(413);
    expect(contexts).toBe(0);
  });

  it("runs a normal mutation with its body intact", async () => {
    const res = await post("settings.updateProfile", JSON.stringify(profile));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { displayName: string } } } };
    expect(body.result.data.json.displayName).toBe("Renamed brand");
  });
});

describe("tRPC mutations from other sites", () => {
  it("are refused: another origin, no origin, or a form post", async () => {
    contexts = 0;
    const body = JSON.stringify(profile);
    expect((await post("settings.updateProfile", body, { origin: "https://evil.example" })).status).toBe(403);
    const noOrigin = await handler(
      new Request(`${APP_URL}/api/trpc/settings.updateProfile`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
    expect(noOrigin.status).toBe(403);
    // A mutation without input, sent as a cross-site-postable form (the attack in the review).
    const form = new FormData();
    form.set("x", "1");
    const multipart = await handler(
      new Request(`${APP_URL}/api/trpc/settings.dismissOnboarding`, {
        method: "POST",
        headers: { origin: "https://evil.example" },
        body: form,
      }),
    );
    expect(multipart.status).toBe(403);
    const sameSiteForm = await handler(
      new Request(`${APP_URL}/api/trpc/settings.dismissOnboarding`, {
        method: "POST",
        headers: { origin: APP_URL },
        body: form,
      }),
    );
    expect(sameSiteForm.status).toBe(415);
    expect(contexts).toBe(0);
  });

  it("accept the page's own host when it is not APP_URL (same-origin behind another name)", async () => {
    const res = await handler(
      new Request(`http://localhost:3100/api/trpc/settings.updateProfile`, {
        method: "POST",
        headers: { origin: "http://localhost:3100", host: "localhost:3100", "content-type": "application/json" },
        body: JSON.stringify(profile),
      }),
    );
    expect(res.status).toBe(200);
  });
});

describe("tRPC validation errors", () => {
  it("carry the schema's message keys or stable keys per field and a plain-English message, never zod's text", async () => {
    const res = await post(
      "settings.updateProgram",
      JSON.stringify({ json: { commissionLevels: 4, afterSalesDays: "7", bindingMode: "sometimes", bindingLockDays: 30 } }),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { json: { message: string; data: { fields: Record<string, string> } } } };
    expect(error.json.data.fields).toEqual({ commissionLevels: "levels.range", afterSalesDays: "invalid_type", bindingMode: "invalid_value" });
    expect(error.json.message).toBe(
      'The request is not valid: commissionLevels must be at most 3; afterSalesDays must be a number; bindingMode must be one of "permanent", "lock", "last_click".',
    );
  });
});
