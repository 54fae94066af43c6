"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Checkbox } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { RuleChips, useRiskLabels } from "./labels";
import { LinkGraph } from "./link-graph";

const BAND_TONE = { low: "success", medium: "warning", high: "danger" } as const;

/** A distributor's risk profile: score, counts, linked accounts, flagged orders, decisions; freeze for fraud. */
export function RiskProfile({ distributorId }: { distributorId: string }) {
  const t = useTranslations("riskCenter.profile");
  const tr = useTranslations("riskCenter");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const format = useFormatter();
  const labels = useRiskLabels();
  const profile = useQuery(trpc.riskCenter.profile.queryOptions({ distributorId }));
  const [freezing, setFreezing] = useState(false);
  const [reason, setReason] = useState("");
  const [blacklist, setBlacklist] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const freeze = useMutation(
    trpc.riskCenter.freezeForFraud.mutationOptions({
      onSuccess: async (r) => {
        setFreezing(false);
        setNotice(t("frozen", { listed: r.listed }));
        await qc.invalidateQueries({ queryKey: trpc.riskCenter.profile.queryKey({ distributorId }) });
      },
    }),
  );
  if (profile.isError) return <LoadError error={profile.error} onRetry={() => void profile.refetch()} />;
  if (!profile.isSuccess) return <Loading />;
  const p = profile.data;
  const dt = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="space-y-6" data-testid="risk-profile">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          <h2 className="text-xl font-semibold text-slate-900">
            {t("title")} · {p.distributor.name} <span className="font-mono text-base text-slate-500">{p.distributor.code}</span>
          </h2>
          <p className="text-sm text-slate-600">{p.distributor.status}</p>
        </div>
        {p.distributor.status === "active" && (
          <Button variant="danger" onClick={() => setFreezing(true)} data-testid="freeze-for-fraud">
            {t("freeze")}
          </Button>
        )}
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card>
          <CardHeader title={t("score")} description={t("window", { days: p.windowDays })} />
          <CardBody>
            <div className="flex items-baseline gap-3">
              <span className="text-4xl font-semibold text-slate-900" data-testid="risk-score">
                {p.score}
              </span>
              <Badge tone={BAND_TONE[p.band]}>{t(`band.${p.band}`)}</Badge>
            </div>
            <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
              {(["orders", "review", "blocked", "approved", "rejected"] as const).map((k) => (
                <div key={k} className="flex justify-between gap-2">
                  <dt className="text-slate-500">{t(k)}</dt>
                  <dd className="text-slate-900">{p.counts[k]}</dd>
                </div>
              ))}
              <div className="flex justify-between gap-2">
                <dt className="text-slate-500">{t("held")}</dt>
                <dd className="text-slate-900">{labels.money(p.heldFen)}</dd>
              </div>
            </dl>
          </CardBody>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title={t("graph")} description={t("graphHint")} />
          <CardBody>{p.graph.nodes.length > 1 ? <LinkGraph nodes={p.graph.nodes} edges={p.graph.edges} /> : <p className="text-sm text-slate-500">{t("graphEmpty")}</p>}</CardBody>
        </Card>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("flagged")} />
          <CardBody>
            <ul className="divide-y divide-slate-100 text-sm">
              {p.flagged.map((o) => (
                <li key={o.id} className="flex items-start justify-between gap-3 py-2">
                  <div>
                    <Link href={`/console/risk/queue/${o.id}`} className="font-mono text-xs text-brand-700 hover:underline">
                      {o.externalId}
                    </Link>
                    <div className="mt-1">
                      <RuleChips codes={o.rules} />
                    </div>
                  </div>
                  <span className="whitespace-nowrap text-slate-600">
                    {labels.label("verdict", o.verdict)} · {labels.money(o.amountFen)}
                  </span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("history")} />
          <CardBody>
            <ul className="divide-y divide-slate-100 text-sm">
              {p.history.map((h) => (
                <li key={h.id} className="py-2">
                  <div className="flex items-center gap-2">
                    <Badge tone={h.decision === "approve" ? "success" : "danger"}>{tr(`decision.${h.decision}`)}</Badge>
                    <span className="font-mono text-xs">{h.externalId}</span>
                    <span className="text-slate-500">{dt(h.createdAt)}</span>
                  </div>
                  <div className="mt-0.5 text-slate-700">
                    {h.reason} · {labels.money(h.amountFen)}
                  </div>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      </div>
      <Dialog open={freezing} onOpenChange={setFreezing} title={t("freezeTitle")} busy={freeze.isPending}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            freeze.mutate({ distributorId, reason: reason.trim(), blacklist });
          }}
        >
          <Field id="freeze-reason" label={tr("review.reason")} error={freeze.error?.message} required>
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} data-testid="freeze-reason" />
          </Field>
          <label className="mt-3 flex items-start gap-2 text-sm text-slate-700">
            <Checkbox checked={blacklist} onChange={(e) => setBlacklist(e.target.checked)} data-testid="freeze-blacklist" />
            {t("freezeBlacklist")}
          </label>
          <DialogFooter>
            <button type="button" className={buttonClasses("ghost")} onClick={() => setFreezing(false)}>
              {tr("review.cancel")}
            </button>
            <Button type="submit" variant="danger" loading={freeze.isPending} disabled={!reason.trim()} data-testid="confirm-freeze">
              {tr("review.confirm")}
            </Button>
          </DialogFooter>
        </form>
      </Dialog>
    </div>
  );
}
