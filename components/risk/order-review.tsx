"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { OrderCommissions } from "@/components/settlement/order-lines";
import { AttributionAndRisk, OrderSummary } from "@/components/settlement/order-summary";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { isLocale } from "@/server/i18n/config";
import { DecisionDialog } from "./decision-dialog";
import { useDecisionError, useRiskLabels } from "./labels";

/** One flagged order for a reviewer: the order, the rules with their evidence, commissions, decisions; approve / reject. */
export function OrderReview({ id }: { id: string }) {
  const t = useTranslations("riskCenter.review");
  const tr = useTranslations("riskCenter");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const format = useFormatter();
  const labels = useRiskLabels();
  const decisionError = useDecisionError();
  const input = { id, locale: isLocale(locale) ? locale : ("zh-CN" as const) };
  const detail = useQuery(trpc.riskCenter.order.queryOptions(input));
  const [deciding, setDeciding] = useState<"approve" | "reject" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const decide = useMutation(
    trpc.riskCenter.decide.mutationOptions({
      onSuccess: async (r) => {
        setDeciding(null);
        setNotice(`${t("decided")} ${t("moved", { amount: labels.money(r.amountFen), count: r.commissions })}`);
        await qc.invalidateQueries({ queryKey: trpc.riskCenter.order.queryKey(input) });
        await qc.invalidateQueries({ queryKey: trpc.riskCenter.queue.queryKey() });
      },
    }),
  );
  if (detail.isError) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.isSuccess) return <Loading />;
  const { order, decisions } = detail.data;
  const held = order.commissions.filter((c) => c.status === "held").length > 0;
  const distributor = order.attribution.distributor;
  return (
    <div className="space-y-6" data-testid="risk-order-review">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          <Link href="/console/risk/queue" className="text-sm text-brand-700 hover:underline">
            ← {t("back")}
          </Link>
          <h2 className="font-mono text-xl font-semibold text-slate-900">{order.externalId}</h2>
          {distributor && (
            <Link href={`/console/risk/distributors/${distributor.id}`} className="text-sm text-brand-700 hover:underline" data-testid="profile-link">
              {t("profile")} · {distributor.name} · <span className="font-mono">{distributor.code}</span>
            </Link>
          )}
        </div>
        {order.risk.verdict === "review" && (
          <div className="flex gap-2">
            <Button onClick={() => setDeciding("approve")} disabled={!held && decisions.length > 0} data-testid="approve">
              {t("approve")}
            </Button>
            <Button variant="danger" onClick={() => setDeciding("reject")} data-testid="reject">
              {t("reject")}
            </Button>
          </div>
        )}
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      <OrderSummary order={order} />
      <AttributionAndRisk order={order} />
      <OrderCommissions order={order} canSeeRules={false} />
      <Card>
        <CardHeader title={t("history")} />
        <CardBody>
          {decisions.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noHistory")}</p>
          ) : (
            <ol className="space-y-3" data-testid="decision-history">
              {decisions.map((d) => (
                <li key={d.id} className="text-sm">
                  <div className="flex items-center gap-2">
                    <Badge tone={d.decision === "approve" ? "success" : "danger"}>{tr(`decision.${d.decision}`)}</Badge>
                    <span className="text-slate-500">{format.dateTime(d.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                    {d.bulk && <Badge>{t("bulkTag")}</Badge>}
                  </div>
                  <div className="mt-0.5 text-slate-700">
                    {d.reason} · {t("moved", { amount: labels.money(d.amountFen), count: d.commissions })}
                  </div>
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
        onCancel={() => setDeciding(null)}
        onConfirm={(reason) => deciding && decide.mutate({ orderId: id, decision: deciding, reason })}
      />
    </div>
  );
}
