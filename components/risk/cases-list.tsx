"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { RISK_CASE_KINDS, RISK_CASE_STATUSES } from "@/db/risk-kinds";
import { RuleChips, StateBadge, useRiskLabels } from "./labels";

const PAGE = 20;

/** Cases, newest first, paged on the server, by status (open by default) and kind. */
export function CasesList() {
  const t = useTranslations("riskCenter.cases");
  const td = useTranslations("dataTable");
  const trpc = useTRPC();
  const format = useFormatter();
  const labels = useRiskLabels();
  const [status, setStatus] = useState<(typeof RISK_CASE_STATUSES)[number] | "all">("open");
  const [kind, setKind] = useState<(typeof RISK_CASE_KINDS)[number] | "">("");
  const [page, setPage] = useState(0);
  const query = useQuery(trpc.riskCenter.cases.queryOptions({ status, kind: kind || undefined, limit: PAGE, offset: page * PAGE }, { placeholderData: keepPreviousData }));
  return (
    <Card>
      <CardBody className="space-y-4">
        <div className="flex flex-wrap gap-3">
          <label className="text-sm text-slate-700">
            {t("filters.status")}
            <Select value={status} onChange={(e) => (setStatus(e.target.value as typeof status), setPage(0))} data-testid="cases-status">
              {[...RISK_CASE_STATUSES, "all" as const].map((s) => (
                <option key={s} value={s}>
                  {labels.label("state", s)}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-sm text-slate-700">
            {t("filters.kind")}
            <Select value={kind} onChange={(e) => (setKind(e.target.value as typeof kind), setPage(0))}>
              <option value="">—</option>
              {RISK_CASE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </Select>
          </label>
        </div>
        {query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : !query.data ? (
          <Loading />
        ) : query.data.items.length === 0 ? (
          <EmptyState title={t("emptyTitle")} description={t("emptyBody")} />
        ) : (
          <>
            <Table data-testid="risk-cases">
              <caption className="sr-only">{t("caption")}</caption>
              <THead>
                <Tr>
                  <Th>{t("columns.kind")}</Th>
                  <Th>{t("columns.distributors")}</Th>
                  <Th className="text-right">{t("columns.members")}</Th>
                  <Th className="text-right">{t("columns.amount")}</Th>
                  <Th>{t("columns.openedAt")}</Th>
                  <Th>{t("columns.status")}</Th>
                </Tr>
              </THead>
              <TBody>
                {query.data.items.map((c) => (
                  <Tr key={c.id} data-testid={`case-row-${c.id}`}>
                    <Td>
                      <Link href={`/console/risk/cases/${c.id}`} className="font-medium text-brand-700 hover:underline">
                        {t(`kind.${c.kind}`)}
                      </Link>
                      {c.externalId && <div className="font-mono text-xs text-slate-500">{c.externalId}</div>}
                      <div className="mt-1">
                        <RuleChips codes={c.rules} />
                      </div>
                    </Td>
                    <Td>{c.distributors.map((d) => d.code).join(", ") || "—"}</Td>
                    <Td className="text-right">{c.members}</Td>
                    <Td className="text-right">{labels.money(c.amountFen)}</Td>
                    <Td className="whitespace-nowrap text-slate-600">{format.dateTime(c.openedAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                    <Td>
                      <StateBadge state={c.status} />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            <Pagination
              page={page}
              pageSize={PAGE}
              total={query.data.total}
              onPageChange={setPage}
              summary={td("range", { from: page * PAGE + 1, to: Math.min((page + 1) * PAGE, query.data.total), total: query.data.total })}
              previousLabel={td("previous")}
              nextLabel={td("next")}
              busy={query.isFetching}
            />
          </>
        )}
      </CardBody>
    </Card>
  );
}
