"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useId, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/input";
import { Pagination, pageRange } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { errorRowsCsv, localiseImportIssues, missingColumns, nameColumn, splitCsv, templateCsv, type SplitCsv } from "./csv";
import { useInvalidateNetwork } from "./use-invalidate-network";
import { useNetworkErrors } from "./use-network-errors";

/** Rows per request: small enough for steady progress, large enough to be quick. */
const CHUNK_ROWS = 100;
const MAX_ROWS = 5000;
const REPORT_PAGE = 50;

interface RowResult {
  line: number;
  ok: boolean;
  name?: string;
  code?: string;
  /** In the reader's language: shown in the report and written to the error-rows file. */
  error?: string;
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ImportDistributors() {
  const t = useTranslations("network.import");
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const importCsv = useMutation(trpc.distributors.import.mutationOptions());
  const fileId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; split: SplitCsv } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<{ results: RowResult[]; stoppedBy?: string } | null>(null);

  const translateIssue = useCallback(
    (key: string, params: Record<string, string>) => (t.has(`issue.${key}`) ? t(`issue.${key}`, params) : undefined),
    [t],
  );

  const pick = async (f: File | undefined) => {
    setFile(null);
    setReport(null);
    setFileError(null);
    if (!f) return;
    const split = splitCsv(await f.text(), CHUNK_ROWS);
    const missing = missingColumns(split.header);
    if (missing.length) setFileError(t("missingColumns", { columns: missing.join(", ") }));
    else if (split.rowCount === 0) setFileError(t("noRows"));
    else if (split.rowCount > MAX_ROWS) setFileError(t("tooManyRows", { max: MAX_ROWS, count: split.rowCount }));
    else setFile({ name: f.name, split });
  };

  const run = async () => {
    if (!file) return;
    const { chunks, rowCount } = file.split;
    const results: RowResult[] = [];
    let stoppedBy: string | undefined;
    setProgress({ done: 0, total: rowCount });
    for (const [i, chunk] of chunks.entries()) {
      try {
        const r = await importCsv.mutateAsync({ csv: chunk.csv });
        // The server numbers lines within the chunk (its header is line 1).
        for (const row of r.results) {
          const { issues, ...rest } = row;
          results.push({ ...rest, line: chunk.firstLine + row.line - 2, error: row.ok ? undefined : localiseImportIssues(issues, row.error, translateIssue) });
        }
      } catch (e) {
        // Stop here: the rows from this chunk on are reported as not imported, to retry as a file.
        stoppedBy = errors.describe(e);
        const nameCol = nameColumn(file.split.header);
        for (const c of chunks.slice(i)) {
          for (let line = c.firstLine; line < c.firstLine + c.rows; line++) {
            results.push({ line, ok: false, name: file.split.rowsByLine.get(line)?.[nameCol], error: t("notImported") });
          }
        }
        break;
      }
      setProgress({ done: Math.min(rowCount, chunk.firstLine - 2 + chunk.rows), total: rowCount });
    }
    setProgress(null);
    setReport({ results, stoppedBy });
    if (results.some((r) => r.ok)) await invalidate();
  };

  const reset = () => {
    setFile(null);
    setReport(null);
    setFileError(null);
    if (inputRef.current) inputRef.current.value = "";
  };

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("stepFile")} description={t("stepFileDescription")} />
        <CardBody className="space-y-5">
          <div className="space-y-2 text-sm text-slate-700">
            <p>{t("columnsIntro")}</p>
            <ul className="list-disc space-y-1 pl-5">
              <li>{t("colName")}</li>
              <li>{t("colPhone")}</li>
              <li>{t("colRegion")}</li>
              <li>{t("colRole")}</li>
              <li>{t("colLevel")}</li>
              <li>{t("colUpline")}</li>
            </ul>
            <div className="flex flex-wrap gap-2 pt-1">
              <Button variant="secondary" size="sm" onClick={() => download("distributors-template.csv", templateCsv("zh"))} data-testid="import-template-zh">
                {t("templateZh")}
              </Button>
              <Button variant="secondary" size="sm" onClick={() => download("distributors-template-en.csv", templateCsv("en"))} data-testid="import-template-en">
                {t("templateEn")}
              </Button>
            </div>
          </div>

          <div className="space-y-1.5 border-t border-slate-100 pt-5">
            <label htmlFor={fileId} className="block text-sm font-medium text-slate-800">
              {t("file")}
            </label>
            <input
              ref={inputRef}
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              disabled={!!progress}
              onChange={(e) => void pick(e.target.files?.[0])}
              aria-describedby={`${fileId}-hint`}
              className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
              data-testid="import-file"
            />
            <p id={`${fileId}-hint`} className="text-xs text-slate-500">
              {t("fileHint", { max: MAX_ROWS })}
            </p>
          </div>
          {fileError && (
            <Alert tone="danger" data-testid="import-file-error">
              {fileError}
            </Alert>
          )}
          {file && !report && (
            <div className="flex flex-wrap items-center gap-3">
              <p className="text-sm text-slate-700" data-testid="import-file-summary">
                {t("fileReady", { name: file.name, count: file.split.rowCount })}
              </p>
              <Button className="ml-auto" onClick={() => void run()} loading={!!progress} data-testid="import-submit">
                {progress ? t("importing") : t("submit", { count: file.split.rowCount })}
              </Button>
            </div>
          )}
          {progress && <Progress done={progress.done} total={progress.total} />}
        </CardBody>
      </Card>

      {report && file && <ImportReport report={report} file={file} onReset={reset} />}
    </div>
  );
}

function Progress({ done, total }: { done: number; total: number }) {
  const t = useTranslations("network.import");
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="space-y-1.5" data-testid="import-progress">
      <div
        role="progressbar"
        aria-label={t("progressLabel")}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <p className="text-xs text-slate-600" aria-live="polite">
        {t("progress", { done, total })}
      </p>
    </div>
  );
}

function ImportReport({
  report,
  file,
  onReset,
}: {
  report: { results: RowResult[]; stoppedBy?: string };
  file: { name: string; split: SplitCsv };
  onReset: () => void;
}) {
  const t = useTranslations("network.import");
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [page, setPage] = useState(0);
  const failures = report.results.filter((r) => !r.ok);
  const created = report.results.length - failures.length;
  const rows = errorsOnly ? failures : report.results;
  const shown = rows.slice(page * REPORT_PAGE, (page + 1) * REPORT_PAGE);
  const { from, to } = pageRange(page, REPORT_PAGE, rows.length);
  return (
    <Card data-testid="import-report">
      <CardHeader
        title={t("reportTitle")}
        description={t("reportSummary", { created, total: report.results.length, failed: failures.length })}
        actions={
          <>
            {failures.length > 0 && (
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  download(
                    file.name.replace(/\.csv$/i, "") + "-errors.csv",
                    errorRowsCsv(file.split.header, file.split.rowsByLine, failures.map((f) => ({ line: f.line, error: f.error ?? "" })), t("errorColumn")),
                  )
                }
                data-testid="import-download-errors"
              >
                {t("downloadErrors", { count: failures.length })}
              </Button>
            )}
            <Button variant="ghost" size="sm" onClick={onReset} data-testid="import-again">
              {t("importAnother")}
            </Button>
          </>
        }
      />
      <CardBody className="space-y-3">
        {report.stoppedBy && (
          <Alert tone="danger" title={t("stoppedTitle")}>
            {report.stoppedBy}
          </Alert>
        )}
        {failures.length === 0 ? (
          <Alert tone="success">{t("allCreated", { count: created })}</Alert>
        ) : (
          <>
            <Alert tone={created ? "warning" : "danger"}>
              {created ? t("someFailed", { failed: failures.length }) : t("noneCreated")}
            </Alert>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <Checkbox
                checked={errorsOnly}
                onChange={(e) => {
                  setErrorsOnly(e.target.checked);
                  setPage(0);
                }}
                data-testid="import-errors-only"
              />
              {t("errorsOnly")}
            </label>
          </>
        )}
      </CardBody>
      <Table>
        <caption className="sr-only">{t("reportTitle")}</caption>
        <THead>
          <Tr>
            <Th>{t("line")}</Th>
            <Th>{t("name")}</Th>
            <Th>{t("result")}</Th>
            <Th>{t("code")}</Th>
          </Tr>
        </THead>
        <TBody>
          {shown.map((r) => (
            <Tr key={r.line} data-testid={`import-row-${r.line}`} data-ok={r.ok}>
              <Td className="tabular-nums text-slate-600">{r.line}</Td>
              <Td>{r.name || <span className="text-slate-400">—</span>}</Td>
              <Td>
                {r.ok ? (
                  <Badge tone="success">{t("ok")}</Badge>
                ) : (
                  <span className="flex flex-wrap items-center gap-2">
                    <Badge tone="danger">{t("failed")}</Badge>
                    <span className="text-sm text-red-700">{r.error}</span>
                  </span>
                )}
              </Td>
              <Td className="font-mono">{r.code ?? ""}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {rows.length > REPORT_PAGE && (
        <Pagination
          className="border-t border-slate-100"
          page={page}
          pageSize={REPORT_PAGE}
          total={rows.length}
          onPageChange={setPage}
          summary={t("range", { from, to, total: rows.length })}
          previousLabel={t("previous")}
          nextLabel={t("next")}
        />
      )}
    </Card>
  );
}
