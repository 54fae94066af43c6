/**
 * GET /console/export/<list>?<the list's filters>: the list as CSV, streamed.
 *
 * Authenticated like a tenant tRPC procedure: the staff session, its active brand, and the
 * list's permission checked against the membership read inside the brand's transaction (RLS
 * scopes every read to that brand). The file is read in keyset chunks, each in its own short
 * tenant transaction that re-checks the membership, and the next chunk is read only when the
 * client has taken the last one: memory stays at a chunk or two however many rows there are,
 * and a slow download never holds a connection (embedded PGlite has exactly one). Keyset paging
 * makes the chunks independent, so every matching row is read exactly once.
 */
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { createTranslator } from "next-intl";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { can } from "@/server/auth/permissions";
import { getStaffSession, staffBrandInTenant, type StaffBrand } from "@/server/auth/staff-auth";
import type { Locale } from "@/server/i18n/config";
import { loadMessages } from "@/server/i18n/messages";
import type { Cursor } from "@/server/orders/console-query";
import { shanghaiIso } from "@/server/shared/time";
import { csvLine, UTF8_BOM, type CsvValue } from "./csv";
import { EXPORT_LISTS, type ExportSource, type PreparedExport, type Translate } from "./lists";

export const EXPORT_CHUNK_ROWS = 1000;

export interface ExportRequest {
  database: Database;
  staffSessionId: string | null | undefined;
  /** The list's id, the route's last path segment. */
  list: string;
  query: URLSearchParams;
  locale: Locale;
  now?: Date;
  chunkRows?: number;
  lists?: Readonly<Record<string, ExportSource>>;
}

class Refused extends Error {
  constructor(readonly status: 400 | 401 | 403 | 404, readonly key: string) {
    super(key);
  }
}

function refusal(status: Refused["status"], message: string) {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/** Single values, empty ones dropped: the filters as the list's schema reads them (`format` is the file's, not a filter). */
function queryObject(query: URLSearchParams) {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (v !== "" && k !== "format" && !(k in out)) out[k] = v;
  return out;
}

export type ExportFormat = "csv" | "xlsx";
const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** "Hoobang-订单-20250301.csv", with an ASCII fallback for clients that ignore filename*. */
export function contentDisposition(brand: { slug: string; name: string }, listId: string, noun: string, now: Date, ext: ExportFormat = "csv") {
  const day = shanghaiIso(now).slice(0, 10).replace(/-/g, "");
  const safeName = brand.name.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_");
  const ascii = `${brand.slug}-${listId}-${day}.${ext}`;
  const utf8 = encodeURIComponent(`${safeName}-${noun}-${day}.${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

async function member(tx: Parameters<typeof staffBrandInTenant>[0], userId: string, source: ExportSource): Promise<StaffBrand> {
  const brand = await staffBrandInTenant(tx, userId);
  if (!brand) throw new Refused(403, "notMember");
  if (!can(brand.role, source.permission)) throw new Refused(403, "forbidden");
  return brand;
}

export async function exportCsv(req: ExportRequest): Promise<Response> {
  const t: Translate = createTranslator({ locale: req.locale, messages: await loadMessages(req.locale) });
  const message = (key: string) => t(`dataTable.exportErrors.${key}`);
  const lists = req.lists ?? EXPORT_LISTS;
  const source = Object.hasOwn(lists, req.list) ? lists[req.list] : undefined;
  if (!source) return refusal(404, message("notFound"));
  const db = req.database.db;
  const session = await getStaffSession(db, req.staffSessionId);
  if (!session) return refusal(401, message("signIn"));
  const tenantId = session.activeTenantId;
  if (!tenantId) return refusal(403, message("forbidden"));
  const formatParam = req.query.get("format") ?? "csv";
  if (formatParam !== "csv" && formatParam !== "xlsx") return refusal(400, `${message("badFilter")} (format)`);
  const format: ExportFormat = formatParam;
  const prepared = source.prepare(queryObject(req.query), t, req.locale);
  if (!prepared.ok) return refusal(400, `${message("badFilter")} (${prepared.fields.join(", ")})`);
  const chunkRows = req.chunkRows ?? EXPORT_CHUNK_ROWS;
  const run: PreparedExport = prepared.run;

  let first: { brand: StaffBrand; rows: CsvValue[][]; next: Cursor | null };
  try {
    // The first chunk is read with the permission check, so a failure is still a status code.
    first = await withTenant(db, tenantId, async (tx) => {
      const brand = await member(tx, session.userId, source);
      const chunk = await run.chunk(tx, null, chunkRows);
      return { brand, rows: chunk.lines, next: chunk.next };
    });
  } catch (e) {
    if (e instanceof Refused) return refusal(e.status, message(e.key));
    throw e;
  }

  let cursor = first.next;
  /** The next chunk of rows after the first, re-checking membership; null at the end. */
  const nextRows = async (): Promise<CsvValue[][] | null> => {
    if (!cursor) return null;
    const from = cursor;
    const chunk = await withTenant(db, tenantId, async (tx) => {
      await member(tx, session.userId, source);
      return run.chunk(tx, from, chunkRows);
    });
    cursor = chunk.next;
    return chunk.lines.length ? chunk.lines : null;
  };
  const headers = {
    "content-type": CONTENT_TYPES[format],
    "content-disposition": contentDisposition(first.brand, req.list, t(source.fileKey), req.now ?? new Date(), format),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  };
  if (format === "xlsx") return new Response(xlsxStream(run.header, first.rows, nextRows, req.list), { status: 200, headers });

  const encoder = new TextEncoder();
  let sentFirst = false;
  const nextPiece = async (): Promise<string | null> => {
    if (!sentFirst) {
      sentFirst = true;
      return UTF8_BOM + csvLine(run.header) + first.rows.map(csvLine).join("");
    }
    const rows = await nextRows();
    return rows ? rows.map(csvLine).join("") : null;
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const piece = await nextPiece();
          if (piece === null) controller.close();
          else controller.enqueue(encoder.encode(piece));
        } catch (e) {
          // Headers are sent: all that is left is to cut the download short, visibly.
          if (!(e instanceof Refused)) console.error(`export ${req.list}: failed mid-stream`, e);
          controller.error(e);
        }
      },
    },
    // Read ahead by nothing: a chunk is read from the database when the client wants it.
    { highWaterMark: 0 },
  );

  return new Response(body, { status: 200, headers });
}

/**
 * The same rows as an Excel workbook, written by exceljs's streaming writer: each row is
 * committed (zipped and flushed) as it is added, so memory stays at about a chunk. Reading
 * waits while the client has not drained what was written (backpressure). Cells keep their
 * types: numbers stay numbers, text is text (a spreadsheet does not run it as a formula).
 */
function xlsxStream(header: string[], firstRows: CsvValue[][], nextRows: () => Promise<CsvValue[][] | null>, list: string) {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(list.slice(0, 31));
  const drained = () => (out.writableNeedDrain ? new Promise<void>((resolve) => out.once("drain", () => resolve())) : Promise.resolve());
  const write = (rows: CsvValue[][]) => {
    for (const row of rows) sheet.addRow(row.map((v) => v ?? null)).commit();
  };
  void (async () => {
    try {
      sheet.addRow(header).commit();
      write(firstRows);
      await drained();
      for (let rows = await nextRows(); rows; rows = await nextRows()) {
        write(rows);
        await drained();
      }
      sheet.commit();
      await workbook.commit();
    } catch (e) {
      if (!(e instanceof Refused)) console.error(`export ${list}: xlsx failed mid-stream`, e);
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
