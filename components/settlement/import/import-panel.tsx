"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { Locale } from "@/server/i18n/config";
import { UploadBox } from "./upload-box";

const PAGE = 20;
/** How often a running import's progress is read again. */
const POLL_MS = 1000;

type Status = "queued" | "running" | "done" | "failed";
const STATUS_TONE: Record<Status, BadgeTone> = { queued: "neutral", running: "info", done: "success", failed: "danger" };
const isLive = (s: Status) => s === "queued" || s === "running";

function useLayoutName() {
  const t = useTranslations("imports.layout");
  return (id: string) => (t.has(id) ? t(id) : id);
}

function ProgressBar({ processed, total, status }: { processed: number; total: number | null; status: Status }) {
  const t = useTranslations("settlement.import");
  const pct = status === "done" ? 100 : total ? Math.min(100, Math.round((processed / total) * 100)) : null;
  return (
    <div className="space-y-1">
      <div
        className="h-2 w-full overflow-hidden rounded bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        data-testid="import-progress"
      >
        <div className={`h-full bg-brand-600 ${pct === null ? "w-1/3 animate-pulse" : ""}`} style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {/* A CSV's row count arrives with the first chunk: until then, not "0 rows read". */}
        {total
          ? t("progress", { processed, total })
          : processed || status === "done" || status === "failed"
            ? t("progressUnknown", { processed })
            : t("progressStarting")}
      </p>
    </div>
  );
}

function Issues({ importId }: { importId: string }) {
  const t = useTranslations("settlement.import");
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const [page, setPage] = useState(0);
  const q = useQuery(trpc.imports.issues.queryOptions({ importId, locale, limit: PAGE, offset: page * PAGE }));
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.total) return <p className="text-sm text-slate-600" data-testid="import-issues-none">{t("issues.none")}</p>;
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold">{t("issues.title")}</h3>
        <a className={buttonClasses("secondary", "sm")} href={`/console/export/import-issues?importId=${importId}`} data-testid="import-report" download>
          {t("issues.download")}
        </a>
      </div>
      <Table data-testid="import-issues">
        <THead>
          <Tr>
            <Th>{t("issues.row")}</Th>
            <Th>{t("issues.severity")}</Th>
            <Th>{t("issues.message")}</Th>
          </Tr>
        </THead>
        <TBody>
          {q.data.items.map((i) => (
            <Tr key={i.id}>
              <Td className="tabular-nums">{i.row || "—"}</Td>
              <Td>
                <Badge tone={i.severity === "error" ? "danger" : i.severity === "warning" ? "warning" : "neutral"}>{t(`severity.${i.severity}`)}</Badge>
              </Td>
              <Td className="whitespace-normal">{i.message}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <PagePager page={page} total={q.data.total} onPageChange={setPage} />
    </div>
  );
}

function ImportDetail({ id }: { id: string }) {
  const t = useTranslations("settlement.import");
  const layoutName = useLayoutName();
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({
    ...trpc.imports.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && isLive(query.state.data.status) ? POLL_MS : false),
  });
  const resume = useMutation(trpc.imports.resume.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.imports.pathFilter()) }));
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const imp = q.data;
  return (
    <Card data-testid="import-detail" data-status={imp.status}>
      <CardHeader title={imp.fileName} description={`${layoutName(imp.layout)} · ${t(`kind.${imp.kind}`)}`} />
      <CardBody className="space-y-4">
        <div className="flex items-center gap-3">
          <Badge tone={STATUS_TONE[imp.status]}>{t(`status.${imp.status}`)}</Badge>
        </div>
        <ProgressBar processed={imp.processedRows} total={imp.totalRows} status={imp.status} />
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="import-counts">
          {(["created", "updated", "unchanged", "failed"] as const).map((k) => (
            <div key={k} className="rounded border border-slate-200 p-3">
              <dt className="text-xs text-slate-500">{t(`counts.${k}`)}</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={`import-count-${k}`}>
                {imp[k]}
              </dd>
            </div>
          ))}
        </dl>
        {imp.attribution && imp.created > 0 && (
          <p className="text-sm text-slate-600" data-testid="import-attribution">
            {t("attribution", { code: imp.attribution.referral_code, binding: imp.attribution.binding, none: imp.attribution.none })}
          </p>
        )}
        {imp.status === "failed" && (
          <Alert tone="danger">
            {t("stopped", { error: imp.error ?? "" })}{" "}
            <Button size="sm" variant="secondary" onClick={() => resume.mutate({ id })} loading={resume.isPending}>
              {t("resume")}
            </Button>
          </Alert>
        )}
        {resume.error && <Alert tone="danger">{errors.describe(resume.error)}</Alert>}
        {!isLive(imp.status) && <Issues importId={id} />}
      </CardBody>
    </Card>
  );
}

function History({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const t = useTranslations("settlement.import");
  const layoutName = useLayoutName();
  const locale = useLocale();
  const trpc = useTRPC();
  const [page, setPage] = useState(0);
  const q = useQuery({
    ...trpc.imports.list.queryOptions({ limit: PAGE, offset: page * PAGE }),
    refetchInterval: (query) => (query.state.data?.items.some((i) => isLive(i.status)) ? POLL_MS * 2 : false),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.total) return <EmptyState title={t("history.emptyTitle")} description={t("history.emptyDescription")} data-testid="import-empty" />;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" });
  return (
    <Card>
      <CardHeader title={t("history.title")} />
      <CardBody className="space-y-3">
        <Table data-testid="import-history">
          <THead>
            <Tr>
              <Th>{t("history.file")}</Th>
              <Th>{t("history.platform")}</Th>
              <Th>{t("history.status")}</Th>
              <Th>{t("counts.created")}</Th>
              <Th>{t("counts.updated")}</Th>
              <Th>{t("counts.unchanged")}</Th>
              <Th>{t("counts.failed")}</Th>
              <Th>{t("history.at")}</Th>
              <Th />
            </Tr>
          </THead>
          <TBody>
            {q.data.items.map((i) => (
              <Tr key={i.id} className={i.id === selected ? "bg-slate-50" : undefined}>
                <Td className="max-w-48 truncate">{i.fileName}</Td>
                <Td>{layoutName(i.layout)}</Td>
                <Td>
                  <Badge tone={STATUS_TONE[i.status]}>{t(`status.${i.status}`)}</Badge>
                </Td>
                <Td className="tabular-nums">{i.created}</Td>
                <Td className="tabular-nums">{i.updated}</Td>
                <Td className="tabular-nums">{i.unchanged}</Td>
                <Td className="tabular-nums">{i.failed}</Td>
                <Td>{when.format(new Date(i.createdAt))}</Td>
                <Td>
                  <Button size="sm" variant="ghost" onClick={() => onSelect(i.id)}>
                    {t("history.open")}
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        <PagePager page={page} total={q.data.total} onPageChange={setPage} />
      </CardBody>
    </Card>
  );
}

/** Order Settlement → Import: upload, the running or chosen import, and the history. */
export function ImportPanel() {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <UploadBox onStarted={setSelected} />
      {selected && <ImportDetail id={selected} />}
      <History selected={selected} onSelect={setSelected} />
    </div>
  );
}

/** The pager under the issue table and the history list: same page size, same wording. */
function PagePager({ page, total, onPageChange }: { page: number; total: number; onPageChange: (page: number) => void }) {
  const t = useTranslations("settlement.import");
  return (
    <Pagination
      page={page}
      pageSize={PAGE}
      total={total}
      onPageChange={onPageChange}
      summary={t("history.summary", { from: page * PAGE + 1, to: Math.min(total, (page + 1) * PAGE), total })}
      previousLabel={t("history.previous")}
      nextLabel={t("history.next")}
    />
  );
}
