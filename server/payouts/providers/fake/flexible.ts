/**
 * A fake flexible-employment platform speaking the signed protocol in ../flexible.ts: it checks
 * each request's HMAC (and app id, timestamp) and signs its replies with the shared secret.
 */
import { randomBytes } from "node:crypto";
import { FLEX_HEADERS, flexReplySignature, flexRequestSignature, sameSignature, type FlexibleConfig } from "../flexible";
import { billBook, startFakeServer, stateForMode, type FakeBill, type FakeBillState, type FakeGatewayBase, type FakeMode, type RawReply, type RawRequest } from "./base";

export interface FakeFlexibleKeys {
  appId: string;
  secret: string;
}

export function fakeFlexibleKeys(): FakeFlexibleKeys {
  return { appId: "fx-app-1", secret: randomBytes(32).toString("hex") };
}

export function fakeFlexibleConfig(keys: FakeFlexibleKeys, gatewayUrl: string, overrides: Partial<FlexibleConfig> = {}): FlexibleConfig {
  return { gatewayUrl, appId: keys.appId, secret: keys.secret, timeoutMs: 2_000, ...overrides };
}

const STATUS: Record<FakeBillState, string> = { success: "SUCCESS", failure: "FAILED", processing: "PROCESSING", waiting_confirmation: "PROCESSING", cancelled: "CANCELLED" };

export interface FakeFlexibleGateway extends FakeGatewayBase {
  keys: FakeFlexibleKeys;
}

export async function startFakeFlexible(keys: FakeFlexibleKeys = fakeFlexibleKeys()): Promise<FakeFlexibleGateway> {
  const book = billBook("FX");
  const gw = { mode: "success" as FakeMode, timeoutThen: "success" as FakeBillState, rejectedSignatures: 0, calls: [] as { method: string; path: string }[] };

  const signed = (status: number, payload: unknown): RawReply => {
    const body = JSON.stringify(payload);
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString("hex");
    return { status, body, headers: { [FLEX_HEADERS.timestamp]: ts, [FLEX_HEADERS.nonce]: nonce, [FLEX_HEADERS.signature]: flexReplySignature(keys.secret, ts, nonce, body) } };
  };
  const reply = (b: FakeBill) => ({ out_bill_no: b.outBillNo, platform_ref: b.ref, status: STATUS[b.state], ...(b.reason ? { reason: b.reason } : {}), ...(b.state === "success" ? { paid_at: b.updatedAt.toISOString() } : {}) });

  function verify(req: RawRequest): string | null {
    const h = (n: string) => String(req.headers[n] ?? "");
    if (h(FLEX_HEADERS.appId) !== keys.appId) return "app id";
    if (Math.abs(Number(h(FLEX_HEADERS.timestamp)) - Date.now() / 1000) > 300) return "stale timestamp";
    const expected = flexRequestSignature(keys.secret, req.method, req.path, h(FLEX_HEADERS.timestamp), h(FLEX_HEADERS.nonce), req.body);
    return sameSignature(h(FLEX_HEADERS.signature), expected) ? null : "signature";
  }

  const fake = await startFakeServer((req) => {
    const problem = verify(req);
    if (problem) {
      gw.rejectedSignatures++;
      return signed(401, { code: "BAD_SIGNATURE", message: problem });
    }
    gw.calls.push({ method: req.method, path: req.path });
    const m = /^\/(?:.*\/)?transfers(?:\/([^/]+))?(\/cancel)?$/.exec(req.path);
    if (!m) return signed(404, { code: "NO_ROUTE", message: req.path });
    if (req.method === "POST" && !m[1]) {
      const body = JSON.parse(req.body) as { out_bill_no?: string; amount_fen?: number; payee?: { name?: string } };
      if (!body.out_bill_no || !Number.isInteger(body.amount_fen) || !body.payee?.name) return signed(422, { code: "INVALID", message: "out_bill_no, amount_fen and payee.name are required" });
      const existing = book.bills.get(body.out_bill_no);
      if (existing) return signed(200, reply(existing));
      if (gw.mode === "error") return signed(500, { code: "SYSTEM_ERROR", message: "fake" });
      const { bill } = book.record(body.out_bill_no, body.amount_fen!, stateForMode(gw.mode, gw.timeoutThen)!, body, gw.mode === "failure" ? "FAKE_REFUSED" : null);
      return gw.mode === "timeout" ? null : signed(200, reply(bill));
    }
    const bill = m[1] ? book.bills.get(decodeURIComponent(m[1])) : undefined;
    if (!bill) return signed(404, { code: "NOT_FOUND", message: "no such transfer" });
    if (req.method === "GET" && !m[2]) return signed(200, reply(bill));
    if (req.method === "POST" && m[2]) {
      if (bill.state !== "processing") return signed(409, { code: "FINAL", message: "transfer is final" });
      return signed(200, reply(book.settle(bill.outBillNo, "cancelled", "CANCELLED_BY_MERCHANT")));
    }
    return signed(404, { code: "NO_ROUTE", message: req.path });
  });

  const out: FakeFlexibleGateway = Object.assign(gw, { url: fake.url, keys, bills: book.bills, payments: (no: string) => book.payments(no), settle: (no: string, st: FakeBillState, r?: string) => book.settle(no, st, r), close: fake.close });
  return out;
}
