/**
 * Counting what an export download has received, for its progress bar. Pure: the browser feeds
 * it the response body's chunks. A CSV record ends at a line feed outside quotes (RFC 4180: a
 * quoted cell may hold line breaks, and a doubled quote inside it toggles twice, so tracking
 * the quote parity is exact across chunk boundaries). The header line is not a row.
 */
export interface CsvCounter {
  inQuotes: boolean;
  lines: number;
}

export const newCsvCounter = (): CsvCounter => ({ inQuotes: false, lines: 0 });

/** Updates the counter with a chunk of the file's bytes (UTF-8: quote and LF are single bytes). */
export function countCsvChunk(counter: CsvCounter, chunk: Uint8Array): CsvCounter {
  let { inQuotes, lines } = counter;
  for (const b of chunk) {
    if (b === 0x22) inQuotes = !inQuotes;
    else if (b === 0x0a && !inQuotes) lines++;
  }
  return { inQuotes, lines };
}

/** Data rows received so far (the first line is the header). */
export const csvRows = (c: CsvCounter) => Math.max(0, c.lines - 1);

/** Lists with more rows than this download with a progress bar instead of a plain link. */
export const PROGRESS_THRESHOLD_ROWS = 2_000;

/** The file name a Content-Disposition header gives (RFC 6266: filename* wins), or a fallback. */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}
