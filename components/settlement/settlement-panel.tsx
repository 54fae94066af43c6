"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { CardQuery } from "@/components/console/card-query";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ACCOUNT_TYPES } from "@/server/ledger/accounts";
import { COMMISSION_STATUSES } from "@/server/orders/console-schemas";
import { useSettlementLabels } from "./labels";
import type { SettlementStatus } from "./types";

type RunResult = { commissions: number; settledFen: number; offsetFen: number };

function RunSettlement({ due }: { due: SettlementStatus["due"] }) {
  const t = useTranslations("settlement.panel");
  const labels = useSettlementLabels();
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [result, setResult] = useState<RunResult | null>(null);
  const run = useMutation(
    trpc.settlement.run.mutationOptions({
      onSuccess: async (r) => {
        setResult(r);
        await Promise.all([
          qc.invalidateQueries(trpc.settlement.pathFilter()),
          qc.invalidateQueries(trpc.orders.pathFilter()),
          qc.invalidateQueries(trpc.commissions.pathFilter()),
        ]);
      },
    }),
  );
  return (
    <div className="space-y-2">
      <Button
        onClick={() => {
          setResult(null);
          run.mutate();
        }}
        loading={run.isPending}
        variant={due.count ? "primary" : "secondary"}
        data-testid="settlement-run"
      >
        {t("run")}
      </Button>
      <p className="text-xs text-slate-500">{t("runHint")}</p>
      <div aria-live="polite">
        {result && (
          <Alert tone={result.commissions ? "success" : "info"} data-testid="settlement-run-result">
            {result.commissions ? (
              <>
                {t("runResult", {
                  count: result.commissions,
                  amount: labels.money(result.settledFen),
                })}
                {result.offsetFen > 0 &&
                  ` ${t("runOffset", { amount: labels.money(result.offsetFen) })}`}
              </>
            ) : (
              t("runNone")
            )}
          </Alert>
        )}
        {run.isError && <Alert tone="danger">{errors.describe(run.error)}</Alert>}
      </div>
    </div>
  );
}

function Tile({
  label,
  count,
  amount,
  testId,
}: {
  label: string;
  count: string;
  amount: string;
  testId: string;
}) {
  return (
    <div className="rounded-md border border-slate-200 px-4 py-3" data-testid={testId}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{amount}</dd>
      <dd className="text-xs text-slate-500">{count}</dd>
    </div>
  );
}

/** Where the brand's commissions stand, its trial balance as a health check, and "run now". */
export function SettlementPanel({ canRun }: { canRun: boolean }) {
  const t = useTranslations("settlement.panel");
  const labels = useSettlementLabels();
  const trpc = useTRPC();
  const status = useQuery(trpc.settlement.status.queryOptions());
  return (
    <Card data-testid="settlement-panel">
      <CardHeader title={t("title")} description={t("description")} />
      <CardQuery query={status} isEmpty={() => false} empty={null}>
        {(s) => (
          <CardBody className="space-y-5">
            <div className="grid gap-5 lg:grid-cols-[1fr_auto]">
              <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                {COMMISSION_STATUSES.map((st) => (
                  <Tile
                    key={st}
                    testId={`settlement-status-${st}`}
                    label={labels.label("commissionStatus", st)}
                    count={t("count", { count: s.commissions[st].count })}
                    amount={labels.money(s.commissions[st].amountFen)}
                  />
                ))}
              </dl>
              <div className="space-y-2 lg:w-72">
                <p className="text-sm font-medium text-slate-700" data-testid="settlement-due">
                  {t("dueLine", { count: s.due.count, amount: labels.money(s.due.amountFen) })}
                </p>
                {canRun && <RunSettlement due={s.due} />}
              </div>
            </div>
            <div className="space-y-2">
              <h3 className="text-sm font-semibold text-slate-900">{t("ledgerTitle")}</h3>
              <p className="text-xs text-slate-500">{t("ledgerDescription")}</p>
              <dl
                className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3"
                data-testid="settlement-ledger"
              >
                {ACCOUNT_TYPES.map((a) => (
                  <div
                    key={a}
                    className="flex justify-between gap-3 border-b border-slate-100 py-1"
                  >
                    <dt className="text-slate-600">{labels.label("accountType", a)}</dt>
                    <dd className="font-medium text-slate-900 tabular-nums">
                      {labels.money(s.ledger.accounts[a])}
                    </dd>
                  </div>
                ))}
              </dl>
              {s.ledger.imbalanceFen === 0 ? (
                <p
                  className="flex items-center gap-1.5 text-sm text-emerald-700"
                  data-testid="settlement-balanced"
                >
                  <svg
                    aria-hidden="true"
                    viewBox="0 0 20 20"
                    className="size-4"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="2"
                  >
                    <path d="M5 10.5l3.5 3.5L15 7" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  {t("balanced")}
                </p>
              ) : (
                <Alert tone="danger" data-testid="settlement-imbalanced">
                  {t("imbalanced", { amount: labels.money(s.ledger.imbalanceFen) })}
                </Alert>
              )}
            </div>
          </CardBody>
        )}
      </CardQuery>
    </Card>
  );
}
