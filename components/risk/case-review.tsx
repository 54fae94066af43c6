"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DecisionDialog } from "./decision-dialog";
import { StateBadge, useDecisionError, useRiskLabels } from "./labels";

/** One case: its rules and evidence, the accounts and distributors in it, its decisions; approve / reject. */
export function CaseReview({ id }: { id: string }) {
  const t = useTranslations("riskCenter.cases");
  const tr = useTranslations("riskCenter");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const format = useFormatter();
  const labels = useRiskLabels();
  const decisionError = useDecisionError();
  const detail = useQuery(trpc.riskCenter.case.queryOptions({ id }));
  const [deciding, setDeciding] = useState<"approve" | "reject" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const decide = useMutation(
    trpc.riskCenter.decideCase.mutationOptions({
      onSuccess: async () => {
        setDeciding(null);
        setNotice(tr("review.decided"));
        await qc.invalidateQueries({ queryKey: trpc.riskCenter.case.queryKey({ id }) });
        await qc.invalidateQueries({ queryKey: trpc.riskCenter.cases.queryKey() });
      },
    }),
  );
  if (detail.isError) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.isSuccess) return <Loading />;
  const c = detail.data;
  return (
    <div className="space-y-6" data-testid="risk-case">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          <Link href="/console/risk/cases" className="text-sm text-brand-700 hover:underline">
            ← {t("back")}
          </Link>
          <h2 className="flex items-center gap-3 text-xl font-semibold text-slate-900">
            {t(`kind.${c.kind}`)} <StateBadge state={c.status} />
          </h2>
          <p className="text-sm text-slate-600">
            {format.dateTime(c.openedAt, { dateStyle: "medium", timeStyle: "short" })} · {labels.money(c.amountFen)}
          </p>
        </div>
        <div className="flex gap-2">
          {c.status !== "approved" && (
            <Button onClick={() => setDeciding("approve")} data-testid="case-approve">
              {tr("decision.approve")}
            </Button>
          )}
          {c.status !== "rejected" && (
            <Button variant="danger" onClick={() => setDeciding("reject")} data-testid="case-reject">
              {tr("decision.reject")}
            </Button>
          )}
        </div>
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      <Card>
        <CardHeader title={tr("review.rules")} />
        <CardBody className="space-y-3">
          {c.rules.map((r, i) => (
            <div key={i}>
              <div className="flex items-center gap-2">
                <Badge tone="info">{labels.label("rule", r.code)}</Badge>
                <span className="text-xs text-slate-500">{labels.label("verdict", r.action)}</span>
              </div>
              <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs text-slate-700">{JSON.stringify(r.evidence, null, 2)}</pre>
            </div>
          ))}
          {c.order && (
            <p className="text-sm">
              {t("order")}:{" "}
              <Link href={`/console/risk/queue/${c.order.id}`} className="font-mono text-brand-700 hover:underline">
                {c.order.externalId}
              </Link>
            </p>
          )}
        </CardBody>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("distributors")} />
          <CardBody>
            <ul className="space-y-1 text-sm">
              {c.distributors.map((d) => (
                <li key={d.id}>
                  <Link href={`/console/risk/distributors/${d.id}`} className="text-brand-700 hover:underline">
                    {d.name} · <span className="font-mono">{d.code}</span>
                  </Link>{" "}
                  <span className="text-slate-500">{d.status}</span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("members")} />
          <CardBody>
            <ul className="grid grid-cols-2 gap-1 text-sm text-slate-700">
              {c.members.map((m) => (
                <li key={m.id}>{m.masked}</li>
              ))}
            </ul>
          </CardBody>
        </Card>
      </div>
      <Card>
        <CardHeader title={tr("review.history")} />
        <CardBody>
          {c.decisions.length === 0 ? (
            <p className="text-sm text-slate-500">{tr("review.noHistory")}</p>
          ) : (
            <ol className="space-y-2 text-sm">
              {c.decisions.map((d) => (
                <li key={d.id}>
                  <Badge tone={d.decision === "approve" ? "success" : "danger"}>{tr(`decision.${d.decision}`)}</Badge>{" "}
                  <span className="text-slate-500">{format.dateTime(d.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span> · {d.reason}
                </li>
              ))}
            </ol>
          )}
        </CardBody>
      </Card>
      <DecisionDialog
        decision={deciding}
        busy={decide.isPending}
        error={decisionError(decide.error)}
        hint={deciding === "reject" ? t("rejectHint") : t("approveHint")}
        onCancel={() => setDeciding(null)}
        onConfirm={(reason) => deciding && decide.mutate({ caseId: id, decision: deciding, reason })}
      />
    </div>
  );
}
