/**
 * Starting an import from uploaded bytes: what the file is (detect.ts), then one transaction
 * that records the import and keeps the bytes for the runner. A file nothing recognises is
 * refused here and nothing is written.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { orderImportFiles, orderImports } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { AppError } from "@/server/errors";
import type { Channel, ColumnMapping, ImportIssue } from "@/server/orders/import";
import { makeIssue } from "@/server/orders/import/issues";
import { detectFile, readHeaders, type Detection } from "./detect";
import { getMapping, listMappings, mappingForSignature } from "./mappings";

export const IMPORT_CHUNK_ROWS = 500;
/** The upload cap, shown in the console too. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface StartInput {
  tenantId: string;
  userId: string;
  fileName: string;
  bytes: Uint8Array;
  /** A saved mapping to read the file with, instead of recognising it. */
  mappingId?: string | null;
  /** For Taobao-format exports from a Tmall shop: "tmall". */
  channel?: Channel | null;
  /**
   * The brand maps this file by hand (its own status values, say): nothing is imported; the
   * answer is a refusal with the file's headers, for the console's mapping editor.
   */
  manual?: boolean;
  chunkSize?: number;
}

export type StartResult =
  | { ok: true; importId: string; layout: string; kind: "orders" | "refunds"; channel: string }
  | { ok: false; issue: ImportIssue; headers: string[]; mappings: { id: string; name: string }[] };

export async function startImport(db: Db, input: StartInput): Promise<StartResult> {
  const { tenantId } = input;
  const channel = input.channel ?? undefined;
  if (input.manual) {
    const mappings = (await withTenant(db, tenantId, (tx) => listMappings(tx))).map((m) => ({ id: m.id, name: m.name }));
    return { ok: false, issue: makeIssue(0, "header", "header.manual"), headers: await readHeaders(input.bytes), mappings };
  }
  let mapping: { id: string; mapping: ColumnMapping } | null = null;
  if (input.mappingId) {
    const id = input.mappingId;
    mapping = await withTenant(db, tenantId, (tx) => getMapping(tx, id));
    if (!mapping) throw new AppError("NOT_FOUND", "No such mapping.");
  }
  let detection: Detection = await detectFile(input.bytes, { ...(mapping ? { mapping: mapping.mapping } : {}), channel });
  if (!detection.ok && !mapping) {
    // Not a built-in layout: a mapping saved for exactly these headers reads it.
    const signature = detection.signature;
    const saved = await withTenant(db, tenantId, (tx) => mappingForSignature(tx, signature));
    if (saved) {
      const retry = await detectFile(input.bytes, { mapping: saved.mapping, channel });
      if (retry.ok) {
        mapping = saved;
        detection = retry;
      }
    }
  }
  if (!detection.ok) {
    const mappings = (await withTenant(db, tenantId, (tx) => listMappings(tx))).map((m) => ({ id: m.id, name: m.name }));
    return { ok: false, issue: detection.issue, headers: detection.headers, mappings };
  }
  const { file, kind } = detection;
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const importId = await withTenant(db, tenantId, async (tx) => {
    const [row] = await tx
      .insert(orderImports)
      .values({
        tenantId,
        createdBy: input.userId,
        fileName: input.fileName.slice(0, 255) || "upload",
        sizeBytes: input.bytes.byteLength,
        sha256,
        format: file.format,
        encoding: file.encoding ?? null,
        layout: file.layout ?? "mapping",
        channel: detection.channel,
        kind,
        mappingId: mapping?.id ?? null,
        mapping: mapping ? (mapping.mapping as unknown as Record<string, unknown>) : null,
        chunkSize: input.chunkSize ?? IMPORT_CHUNK_ROWS,
      })
      .returning({ id: orderImports.id });
    await tx.insert(orderImportFiles).values({ tenantId, importId: row!.id, content: input.bytes });
    return row!.id;
  });
  return { ok: true, importId, layout: file.layout ?? "mapping", kind, channel: detection.channel };
}
