"use client";

/**
 * A large export downloaded with a progress bar: the file is fetched as a stream and counted
 * as it arrives (CSV: rows of the list's known total; XLSX, which arrives zipped: megabytes
 * received), then handed to the browser as a file. Cancel aborts the request, which ends the
 * server's chunked read (server/export/handler.ts reads the next chunk only when asked).
 */
import { useRef, useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { countCsvChunk, csvRows, dispositionFileName, newCsvCounter } from "./export-progress";

type Progress =
  | { state: "idle" }
  | { state: "running"; rows: number | null; bytes: number }
  | { state: "done"; rows: number | null; bytes: number }
  | { state: "failed"; message: string };

export function useExportDownload(total: number) {
  const [progress, setProgress] = useState<Progress>({ state: "idle" });
  const abort = useRef<AbortController | null>(null);

  const start = async (href: string, format: "csv" | "xlsx") => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ state: "running", rows: format === "csv" ? 0 : null, bytes: 0 });
    try {
      const res = await fetch(href, { signal: controller.signal, credentials: "same-origin" });
      if (!res.ok || !res.body) {
        setProgress({ state: "failed", message: (await res.text()).trim() || String(res.status) });
        return;
      }
      const reader = res.body.getReader();
      const parts: Uint8Array[] = [];
      let counter = newCsvCounter();
      let bytes = 0;
      let last = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.length;
        if (format === "csv") counter = countCsvChunk(counter, value);
        // A re-render per chunk is plenty (chunks are tens of kilobytes); skip the tiny ones.
        if (bytes - last > 64 * 1024) {
          last = bytes;
          setProgress({
            state: "running",
            rows: format === "csv" ? Math.min(csvRows(counter), total) : null,
            bytes,
          });
        }
      }
      const blob = new Blob(parts as BlobPart[], {
        type: res.headers.get("content-type") ?? "application/octet-stream",
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = dispositionFileName(res.headers.get("content-disposition"), `export.${format}`);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setProgress({ state: "done", rows: format === "csv" ? csvRows(counter) : null, bytes });
    } catch (e) {
      if (controller.signal.aborted) setProgress({ state: "idle" });
      else setProgress({ state: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  };

  const cancel = () => {
    abort.current?.abort();
    setProgress({ state: "idle" });
  };
  return { progress, start, cancel };
}

export function ExportProgress({
  progress,
  total,
  onCancel,
  testId,
}: {
  progress: Progress;
  total: number;
  onCancel: () => void;
  testId: string;
}) {
  const t = useTranslations("dataTable");
  const format = useFormatter();
  if (progress.state === "idle") return null;
  const mb = (b: number) =>
    format.number(b / 2 ** 20, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  if (progress.state === "failed") {
    return (
      <p
        role="alert"
        className="w-full text-right text-sm text-red-700"
        data-testid={`${testId}-export-error`}
      >
        {t("exportProgress.failed", { message: progress.message })}
      </p>
    );
  }
  const known = progress.rows !== null && total > 0;
  const pct = known ? Math.round((100 * progress.rows!) / total) : undefined;
  const text =
    progress.state === "done"
      ? t("exportProgress.done", { rows: progress.rows ?? total, size: mb(progress.bytes) })
      : known
        ? t("exportProgress.rows", { rows: progress.rows!, total, size: mb(progress.bytes) })
        : t("exportProgress.bytes", { size: mb(progress.bytes) });
  return (
    <div
      className="flex w-full items-center justify-end gap-3"
      data-testid={`${testId}-export-progress`}
      aria-live="polite"
    >
      <div
        role="progressbar"
        aria-label={t("exportProgress.label")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.state === "done" ? 100 : pct}
        className="h-2 w-48 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={
            progress.state === "running" && pct === undefined
              ? "h-2 w-1/3 animate-pulse rounded-full bg-brand-500"
              : "h-2 rounded-full bg-brand-500 transition-[width]"
          }
          style={
            pct !== undefined || progress.state === "done"
              ? { width: `${progress.state === "done" ? 100 : pct}%` }
              : undefined
          }
        />
      </div>
      <span className="text-sm text-slate-600 tabular-nums">{text}</span>
      {progress.state === "running" && (
        <Button
          variant="ghost"
          size="sm"
          onClick={onCancel}
          data-testid={`${testId}-export-cancel`}
        >
          {t("exportProgress.cancel")}
        </Button>
      )}
    </div>
  );
}
