/**
 * The WeChat Pay callback (`POST /api/payouts/wechat/notify`, MCHTRANSFER.BILL.FINISHED): verify
 * the signature against the WeChat Pay public key, decrypt the bill with the APIv3 key, record
 * its final state on the payout (paid, or funds returned). WeChat re-sends until it gets a 2xx
 * within 5 s, and may send the same event twice: recording is idempotent.
 *
 * The callback is only a hint that speeds things up: the executor's query and the sweep reach
 * the same result without it, so an unverifiable callback is refused (WeChat retries) and
 * nothing is changed.
 */
import type { Db } from "@/db/client";
import { readBodyCapped } from "@/server/http/read-body";
import { applyProviderCallback } from "./executor";
import { verifyWechatNotification, WechatNotificationError, type WechatPayConfig } from "./wechat";

const MAX_BODY_BYTES = 64 * 1024;
/** WeChat waits 5 s for the answer; a body still arriving after that is not WeChat's. */
const BODY_DEADLINE_MS = 5_000;

const fail = (status: number, message: string) => Response.json({ code: "FAIL", message }, { status });

/**
 * `tenantId`: the callback came to a brand's own URL (/api/payouts/wechat/notify/<tenant id>),
 * `config` is that brand's merchant, and only that brand's bills are touched.
 */
export async function handleWechatNotify(req: Request, deps: { db: Db; config: WechatPayConfig | null; tenantId?: string; now?: Date }): Promise<Response> {
  if (!deps.config) return fail(404, "WeChat Pay is not configured");
  // The shared reader caps a chunked body too and gives up on one that trickles in.
  const read = await readBodyCapped(req, { maxBytes: MAX_BODY_BYTES, deadlineMs: BODY_DEADLINE_MS });
  if (!read.ok) return read.reason === "too_large" ? fail(413, "body too large") : fail(408, "body too slow");
  const body = new TextDecoder().decode(read.bytes);
  let note;
  try {
    note = verifyWechatNotification(deps.config, req.headers, body, deps.now);
  } catch (e) {
    if (e instanceof WechatNotificationError) return fail(401, e.message);
    throw e;
  }
  // Other event types are acknowledged so WeChat stops sending them; only bill outcomes matter.
  if (note.eventType !== "MCHTRANSFER.BILL.FINISHED" || !note.bill.out_bill_no) return new Response(null, { status: 204 });
  try {
    await applyProviderCallback(deps.db, "wechat", note.bill.out_bill_no, note.outcome, deps.now, deps.tenantId);
  } catch (e) {
    // A 5xx makes WeChat send it again later; the sweep would also catch up.
    console.error("wechat notify: could not record", note.bill.out_bill_no, e instanceof Error ? e.message : e);
    return fail(500, "could not record; retry");
  }
  return new Response(null, { status: 204 });
}
