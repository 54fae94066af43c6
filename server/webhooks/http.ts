/**
 * One webhook POST: to the address checkTarget approved (pinned, no second DNS answer), no
 * redirects followed (a 3xx is a failed attempt: a receiver must answer at the URL it gave),
 * one deadline for connect, request and answer, and at most a few KiB of the answer read.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { pinnedLookup } from "@/server/shared/safe-fetch";
import { checkTarget, type TargetOptions } from "./target";

export interface PostResult {
  /** null: no HTTP answer (refused target, timeout, connection error). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

const MAX_ANSWER_BYTES = 4096;

export async function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: TargetOptions & { timeoutMs: number },
): Promise<PostResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const target = await checkTarget(rawUrl, opts);
  if (!target.ok) return { statusCode: null, durationMs: took(), error: `refused: ${target.reason}` };
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  try {
    const statusCode = await new Promise<number>((resolve, reject) => {
      const req = send(target.url, {
        method: "POST",
        lookup: pinnedLookup(target.address),
        agent: false,
        signal,
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Fenxiao-Webhooks/1" },
      });
      req.once("error", reject);
      req.once("response", (res) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        // The status is what counts; the answer's end (or our cutting it off) closes the exchange.
        res.once("end", () => resolve(res.statusCode ?? 0));
        res.once("close", () => resolve(res.statusCode ?? 0));
        res.once("error", () => resolve(res.statusCode ?? 0));
      });
      req.end(body);
    });
    return { statusCode, durationMs: took(), error: null };
  } catch (e) {
    if (signal.aborted) return { statusCode: null, durationMs: took(), error: `timed out after ${opts.timeoutMs} ms` };
    return { statusCode: null, durationMs: took(), error: e instanceof Error ? e.message : String(e) };
  }
}
