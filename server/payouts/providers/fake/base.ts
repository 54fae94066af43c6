/**
 * Shared machinery for the local fake payout gateways (tests, e2e, `npm run dev` without real
 * credentials). Each fake keeps its bills in memory, checks every request's signature exactly as
 * the real gateway would, signs its replies, and answers according to `mode`:
 *
 *   success               the bill is paid at once
 *   failure               the bill is refused (a final failure)
 *   processing            accepted, still in progress (a later `settle()` finishes it)
 *   waiting_confirmation  WeChat only: the recipient must confirm
 *   timeout               the bill IS recorded (as `timeoutThen`), but no reply is ever sent:
 *                         the caller cannot tell whether it went through
 *   error                 HTTP 500 before recording anything
 *
 * A resend of an out-bill number the fake already holds returns the existing bill unchanged,
 * as the real gateways do, and `payments(no)` counts how often money actually moved (≤ 1).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeMode = "success" | "failure" | "processing" | "waiting_confirmation" | "timeout" | "error";
export type FakeBillState = "success" | "failure" | "processing" | "waiting_confirmation" | "cancelled";

export interface FakeBill {
  outBillNo: string;
  ref: string;
  amountFen: number;
  state: FakeBillState;
  reason: string | null;
  request: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface FakeGatewayBase {
  url: string;
  mode: FakeMode;
  /** What a `timeout` bill becomes behind the silence. */
  timeoutThen: FakeBillState;
  bills: Map<string, FakeBill>;
  /** Requests refused because their signature did not verify. */
  rejectedSignatures: number;
  /** Every request that passed the signature check: method, path. */
  calls: { method: string; path: string }[];
  /** How many times money moved for this bill (a correct client never makes it more than 1). */
  payments(outBillNo: string): number;
  /** Moves a bill on (the recipient confirms, the bank settles, 24 h pass…). */
  settle(outBillNo: string, state: FakeBillState, reason?: string): FakeBill;
  close(): Promise<void>;
}

export interface RawRequest {
  method: string;
  /** Path and query, as sent. */
  target: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface RawReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Starts a server on 127.0.0.1 (a free port). `handle` returns a reply, or null to hold the
 * connection open forever (the `timeout` answer); held connections are destroyed on close.
 */
export async function startFakeServer(
  handle: (req: RawRequest) => Promise<RawReply | null> | RawReply | null,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const u = new URL(req.url ?? "/", "http://fake");
        const reply = await handle({ method: req.method ?? "GET", target: req.url ?? "/", path: u.pathname, query: u.searchParams, headers: req.headers, body });
        if (!reply) {
          held.add(res);
          return;
        }
        res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...reply.headers });
        res.end(reply.body);
      } catch (e) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "FAKE_ERROR", message: String(e) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held) r.socket?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let seq = 0;
/** A bill store with the resend-is-idempotent rule and a payment counter. */
export function billBook(refPrefix: string) {
  const bills = new Map<string, FakeBill>();
  const paid = new Map<string, number>();
  const markPaid = (b: FakeBill) => paid.set(b.outBillNo, (paid.get(b.outBillNo) ?? 0) + 1);
  return {
    bills,
    payments: (no: string) => paid.get(no) ?? 0,
    /** Records a new bill in `state`; an existing bill is returned as it is. */
    record(outBillNo: string, amountFen: number, state: FakeBillState, request: Record<string, unknown>, reason: string | null = null) {
      const existing = bills.get(outBillNo);
      if (existing) return { bill: existing, created: false };
      const now = new Date();
      const bill: FakeBill = { outBillNo, ref: `${refPrefix}${Date.now()}${String(++seq).padStart(6, "0")}`, amountFen, state, reason, request, createdAt: now, updatedAt: now };
      bills.set(outBillNo, bill);
      if (state === "success") markPaid(bill);
      return { bill, created: true };
    },
    settle(outBillNo: string, state: FakeBillState, reason?: string) {
      const bill = bills.get(outBillNo);
      if (!bill) throw new Error(`fake gateway: no bill ${outBillNo}`);
      if (bill.state === "success" || bill.state === "failure" || bill.state === "cancelled") throw new Error(`fake gateway: bill ${outBillNo} is final (${bill.state})`);
      bill.state = state;
      bill.reason = reason ?? (state === "failure" ? "FAKE_FAILURE" : state === "cancelled" ? "FAKE_CANCELLED" : null);
      bill.updatedAt = new Date();
      if (state === "success") markPaid(bill);
      return bill;
    },
  };
}

/** The bill state a send records in a given mode (null: record nothing). */
export function stateForMode(mode: FakeMode, timeoutThen: FakeBillState): FakeBillState | null {
  switch (mode) {
    case "timeout":
      return timeoutThen;
    case "error":
      return null;
    default:
      return mode;
  }
}
