"use client";

/**
 * The bank batch page: what waits for export, exporting a batch, downloading its file (full card
 * numbers: audited on the server), importing the bank's result file and reading the per-row report.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatFen } from "@/components/ui/money";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

interface FileDownload {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** Saves a file the server sent as base64 (the browser never keeps it anywhere else). */
function saveFile(f: FileDownload) {
  const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: f.mimeType }));
  const a = document.createElement("a");
  a.href = url;
  a.download = f.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type Report = { fileName: string; lines: { line: number; outBillNo: string; outcome: "paid" | "failed" | "already_paid" | "already_failed" | "error"; message: string }[]; counts: Record<string, number> };

function ImportResults({ batchId, onReport }: { batchId: string; onReport: (r: Report) => void }) {
  const t = useTranslations("payouts.bankBatches");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const errors = useErrorMessages();
  const input = useRef<HTMLInputElement>(null);
  const run = useMutation(
    trpc.bankBatches.importResults.mutationOptions({
      onSuccess: async (r) => {
        onReport(r);
        await qc.invalidateQueries(trpc.bankBatches.pathFilter());
      },
    }),
  );
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        className="hidden"
        data-testid={`bank-batch-import-file-${batchId}`}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) run.mutate({ id: batchId, fileName: file.name, base64: await fileToBase64(file) });
        }}
      />
      <Button size="sm" variant="secondary" loading={run.isPending} onClick={() => input.current?.click()}>
        {t("importResults")}
      </Button>
      {run.isError && <span className="text-xs text-red-700">{errors.describe(run.error)}</span>}
    </>
  );
}

export function BankBatchesPanel() {
  const t = useTranslations("payouts.bankBatches");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const errors = useErrorMessages();
  const list = useQuery(trpc.bankBatches.list.queryOptions({ limit: 50, offset: 0 }));
  const [created, setCreated] = useState<{ batchNo: string; count: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const create = useMutation(
    trpc.bankBatches.create.mutationOptions({
      onSuccess: async (r) => {
        setCreated(r);
        await qc.invalidateQueries(trpc.bankBatches.pathFilter());
      },
    }),
  );
  const file = useMutation(trpc.bankBatches.file.mutationOptions({ onSuccess: saveFile }));
  const money = (fen: number) => formatFen(fen, locale);
  const when = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(d);

  const exportable = list.data?.exportable;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link className="text-blue-700 underline" href="/console/withdrawals">
          {t("approvalLink")} →
        </Link>
      </p>
      <Card>
        <CardHeader
          title={t("title")}
          description={exportable ? t("exportable", { count: exportable.count, amount: money(exportable.totalNetFen) }) : undefined}
          actions={
            <Button disabled={!exportable?.count} loading={create.isPending} onClick={() => create.mutate({})} data-testid="bank-batch-export">
              {t("export")}
            </Button>
          }
        />
        <CardBody className="space-y-3">
          <Alert tone="warning">{t("cardWarning")}</Alert>
          <div aria-live="polite">
            {created && <Alert tone="success" data-testid="bank-batch-created">{t("exported", created)}</Alert>}
            {create.isError && <Alert tone="danger">{errors.describe(create.error)}</Alert>}
            {file.isError && <Alert tone="danger">{errors.describe(file.error)}</Alert>}
          </div>
          {list.isError && <Alert tone="danger">{errors.describe(list.error)}</Alert>}
          {list.data && !list.data.batches.length && <p className="text-sm text-slate-500">{t("empty")}</p>}
          {!!list.data?.batches.length && (
            <Table aria-label={t("title")}>
              <THead>
                <Tr>
                  <Th>{t("columns.batchNo")}</Th>
                  <Th>{t("columns.createdAt")}</Th>
                  <Th className="text-right">{t("columns.count")}</Th>
                  <Th className="text-right">{t("columns.total")}</Th>
                  <Th>{t("columns.status")}</Th>
                  <Th>{t("columns.result")}</Th>
                  <Th>{t("columns.actions")}</Th>
                </Tr>
              </THead>
              <TBody>
                {list.data.batches.map((b) => (
                  <Tr key={b.id} data-testid={`bank-batch-${b.batchNo}`}>
                    <Td className="font-mono">{b.batchNo}</Td>
                    <Td>{when(b.createdAt)}</Td>
                    <Td className="text-right">{b.count}</Td>
                    <Td className="text-right">{money(b.totalNetFen)}</Td>
                    <Td>
                      {t(`status.${b.status}`)}
                      {b.paying > 0 && <span className="block text-xs text-slate-500">{t("paying", { count: b.paying })}</span>}
                    </Td>
                    <Td className="text-xs">{b.resultFileName ?? "—"}</Td>
                    <Td>
                      <div className="flex flex-wrap items-center gap-2">
                        <Button size="sm" variant="secondary" onClick={() => file.mutate({ id: b.id, format: "csv" })}>
                          {t("downloadCsv")}
                        </Button>
                        <Button size="sm" variant="secondary" onClick={() => file.mutate({ id: b.id, format: "xlsx" })}>
                          {t("downloadXlsx")}
                        </Button>
                        <ImportResults batchId={b.id} onReport={setReport} />
                        {b.resultImportedAt && (
                          <Button
                            size="sm"
                            variant="ghost"
                            onClick={async () => {
                              const r = await qc.fetchQuery(trpc.bankBatches.report.queryOptions({ id: b.id }));
                              if (r) saveFile(r);
                            }}
                          >
                            {t("downloadReport")}
                          </Button>
                        )}
                      </div>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </CardBody>
      </Card>
      {report && (
        <Card data-testid="bank-batch-report">
          <CardHeader
            title={t("reportTitle")}
            description={t("importDone", { fileName: report.fileName, paid: report.counts.paid ?? 0, failed: report.counts.failed ?? 0, errors: report.counts.error ?? 0 })}
          />
          <CardBody>
            <Table aria-label={t("reportTitle")}>
              <THead>
                <Tr>
                  <Th>{t("line")}</Th>
                  <Th>{t("outBillNo")}</Th>
                  <Th>{t("columns.status")}</Th>
                  <Th>{t("message")}</Th>
                </Tr>
              </THead>
              <TBody>
                {report.lines.map((l) => (
                  <Tr key={`${l.line}-${l.outBillNo}`}>
                    <Td>{l.line}</Td>
                    <Td className="font-mono">{l.outBillNo}</Td>
                    <Td className={l.outcome === "error" ? "text-red-700" : undefined}>{t(`outcome.${l.outcome}`)}</Td>
                    <Td className="text-xs">{l.message}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </CardBody>
        </Card>
      )}
    </div>
  );
}
