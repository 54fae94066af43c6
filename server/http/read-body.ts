/**
 * Reads a request body completely, with a size cap and a deadline, before anything else runs.
 *
 * tRPC reads its input lazily, after middleware has already opened the tenant transaction, so
 * a client that sends its body slowly (or never finishes) used to hold a pooled connection for
 * as long as it liked, and a huge body was read whole. Reading here first means a stalled or
 * oversized body costs a socket and at most `maxBytes` of memory, never a database connection.
 */
import { problemResponse } from "./problem";

export interface BodyLimits {
  maxBytes: number;
  /** The whole body must arrive within this long after the handler starts reading it. */
  deadlineMs: number;
}

export type BodyResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "too_large" | "too_slow" };

export async function readBodyCapped(req: Request, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limits.maxBytes) return { ok: false, reason: "too_large" };
  if (!req.body) return { ok: true, bytes: new Uint8Array(0) };

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"too_slow">((resolve) => {
    timer = setTimeout(() => resolve("too_slow"), limits.deadlineMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === "too_slow") return { ok: false, reason: "too_slow" };
      if (next.done) break;
      total += next.value.byteLength;
      if (total > limits.maxBytes) return { ok: false, reason: "too_large" };
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
    // Stop pulling from the client; what it has not sent is not wanted.
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** The problem+json answer for a body that was refused. */
export function bodyRefusal(reason: "too_large" | "too_slow", limits: BodyLimits): Response {
  return reason === "too_large"
    ? problemResponse(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${limits.maxBytes} bytes.`)
    : problemResponse(408, "REQUEST_TIMEOUT", "Request body was not received in time.", {
        connection: "close",
      });
}

/**
 * A copy of `req` whose body is the bytes already read, so the handler behind it can read it
 * again without touching the network.
 */
export function withBufferedBody(req: Request, bytes: Uint8Array): Request {
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: bytes.byteLength ? (bytes as BodyInit) : null,
    signal: req.signal,
  });
}
