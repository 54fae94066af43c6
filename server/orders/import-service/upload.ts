/**
 * POST /api/imports/upload (under /api so the page proxy never buffers the body): the file's bytes as the raw body
 * (application/octet-stream), its name in `?name=`, optionally `?mappingId=` and
 * `?channel=tmall` (a Taobao-format export from a Tmall shop), and `?locale=` for a refusal's
 * title in the reader's language; `?manual=1` answers with the file's headers for a mapping by
 * hand instead of importing. Answers 202 with the import id
 * and runs the import in the background, in this process; the console polls its progress.
 *
 * Order of checks: same origin (a cross-site form cannot post files with the user's cookies),
 * the staff session, then the body read in full under the cap and a deadline
 * (server/http/read-body.ts) before any tenant transaction opens, then the brand membership
 * and `settlement.manage` inside the brand's transaction.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { ORDER_CHANNELS } from "@/db/kinds";
import { withTenant } from "@/db/tenant";
import { can } from "@/server/auth/permissions";
import { getStaffSession, staffBrandInTenant } from "@/server/auth/staff-auth";
import { APP_ERROR_HTTP, isAppError } from "@/server/errors";
import { LOCALES } from "@/server/i18n/config";
import { issueMessage } from "@/server/orders/import/issues";
import { problemResponse } from "@/server/http/problem";
import { bodyRefusal, readBodyCapped, type BodyLimits } from "@/server/http/read-body";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { runImport } from "./run";
import { MAX_IMPORT_BYTES, startImport } from "./start";

/** 50 MB (the console says so), and two minutes to send it over a slow line. */
export const IMPORT_UPLOAD_LIMITS: BodyLimits = { maxBytes: MAX_IMPORT_BYTES, deadlineMs: 120_000 };

const querySchema = z.object({
  name: z.string().trim().min(1).max(255),
  mappingId: z.uuid().optional(),
  channel: z.enum(ORDER_CHANNELS).optional(),
  /** The reader's language, for the refusal's title (its issue carries the key and params too). */
  locale: z.enum(LOCALES).optional(),
  /** "1": map the file by hand (start.ts): answered 422 with its headers, nothing imported. */
  manual: z.literal("1").optional(),
});

export interface UploadRequest {
  db: Db;
  staffSessionId: string | null | undefined;
  appUrl: string | undefined;
  limits?: BodyLimits;
  /** Starts the background run; tests await it instead. */
  background?: (run: () => Promise<unknown>) => void;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });

export async function handleImportUpload(req: Request, opts: UploadRequest): Promise<Response> {
  const limits = opts.limits ?? IMPORT_UPLOAD_LIMITS;
  if (req.method !== "POST") return problemResponse(405, "METHOD_NOT_ALLOWED", "Use POST.", { allow: "POST" });
  if (!isSameOriginRequest(req.headers, opts.appUrl)) return problemResponse(403, "FORBIDDEN", "Cross-site requests are not accepted.");
  const session = await getStaffSession(opts.db, opts.staffSessionId);
  if (!session) return problemResponse(401, "UNAUTHORIZED", "Sign in first.");
  const tenantId = session.activeTenantId;
  if (!tenantId) return problemResponse(403, "FORBIDDEN", "Choose a brand first.");
  const query = querySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return problemResponse(400, "BAD_REQUEST", `Invalid ${query.error.issues.map((i) => i.path.join(".")).join(", ")}.`);

  const body = await readBodyCapped(req, limits);
  if (!body.ok) return bodyRefusal(body.reason, limits);
  if (!body.bytes.byteLength) return problemResponse(400, "BAD_REQUEST", "The file is empty.");

  const allowed = await withTenant(opts.db, tenantId, async (tx) => {
    const brand = await staffBrandInTenant(tx, session.userId);
    return !!brand && can(brand.role, "settlement.manage");
  });
  if (!allowed) return problemResponse(403, "FORBIDDEN", "Importing orders needs the settlement permission.");

  try {
    const started = await startImport(opts.db, {
      tenantId,
      userId: session.userId,
      fileName: query.data.name,
      bytes: body.bytes,
      mappingId: query.data.mappingId ?? null,
      channel: query.data.channel ?? null,
      manual: query.data.manual === "1",
    });
    if (!started.ok) {
      // Nothing was written: the console shows why, with the headers to map.
      return new Response(
        JSON.stringify({ type: "about:blank", status: 422, code: "UNPROCESSABLE", title: issueMessage(started.issue.key, started.issue.params, query.data.locale), issue: started.issue, headers: started.headers, mappings: started.mappings }),
        { status: 422, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
      );
    }
    const run = () => runImport(opts.db, tenantId, started.importId);
    (opts.background ?? ((fn) => void fn().catch((e: unknown) => console.error("order import failed", e))))(run);
    return json(202, { id: started.importId, layout: started.layout, kind: started.kind, channel: started.channel });
  } catch (e) {
    if (isAppError(e)) return problemResponse(APP_ERROR_HTTP[e.code], e.code, e.message);
    throw e;
  }
}

