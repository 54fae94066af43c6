"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { useWithdrawalLabels, WithdrawalStatusBadge } from "./labels";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right text-slate-900">{children}</dd>
    </div>
  );
}

/** One withdrawal for finance: amounts, payee, masked identity, balances, risk, tax, timeline; approve / reject. */
export function WithdrawalReview({ id }: { id: string }) {
  const t = useTranslations("withdrawals.detail");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const labels = useWithdrawalLabels();
  const format = useFormatter();
  const detail = useQuery(trpc.withdrawals.detail.queryOptions({ id }));
  const [notice, setNotice] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.withdrawals.detail.queryKey({ id }) });
  const approve = useMutation(
    trpc.withdrawals.approve.mutationOptions({
      onSuccess: async (r) => {
        setNotice(r.outcome === "approved" ? t("approved") : t("firstRecorded"));
        await refresh();
      },
    }),
  );
  const reject = useMutation(
    trpc.withdrawals.reject.mutationOptions({
      onSuccess: async () => {
        setRejecting(false);
        setNotice(t("rejected"));
        await refresh();
      },
    }),
  );
  if (detail.isError) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.isSuccess) return <Loading />;
  const w = detail.data;
  const dt = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : "—");
  return (
    <div className="space-y-6" data-testid="withdrawal-review">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          <Link href="/console/withdrawals" className="text-sm text-brand-700 hover:underline">
            ← {t("back")}
          </Link>
          <h1 className="flex items-center gap-3 text-2xl font-semibold text-slate-900">
            <span className="font-mono">{w.outBillNo}</span> <WithdrawalStatusBadge status={w.status} />
          </h1>
          <p className="text-sm text-slate-600">
            {w.distributor?.name} · <span className="font-mono">{w.distributor?.code}</span> · {labels.label("channel", w.channel)}
          </p>
        </div>
        {w.status === "reviewing" && (
          <div className="flex gap-2">
            <Button loading={approve.isPending} onClick={() => approve.mutate({ id })} data-testid="approve">
              {w.firstApproval ? t("approveSecond") : t("approve")}
            </Button>
            <Button variant="danger" onClick={() => setRejecting(true)} data-testid="reject">
              {t("reject")}
            </Button>
          </div>
        )}
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      {approve.error && <Alert tone="danger">{approve.error.message}</Alert>}
      {w.status === "reviewing" && w.amountFen >= w.dualApprovalFromFen && (
        <Alert tone="info">
          {t("dualHint", { amount: labels.money(w.dualApprovalFromFen) })}
          {w.firstApproval && ` ${t("firstApproval", { name: w.firstApproval.name ?? "—" })}`}
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("amounts")} />
          <CardBody>
            <dl>
              <Row label={t("amount")}>{labels.money(w.amountFen)}</Row>
              <Row label={t("fee")}>{labels.money(w.feeFen)}</Row>
              <Row label={t("tax")}>
                {labels.money(w.taxFen)}
                {w.taxEstimated && <div className="text-xs text-slate-500">{t("taxEstimated")}</div>}
              </Row>
              <Row label={t("net")}>
                <strong>{labels.money(w.netFen)}</strong>
              </Row>
              <Row label={t("payee")}>{w.payeeName ?? "—"}</Row>
              <Row label={t("account")}>{w.payeeAccountMasked ?? "—"}</Row>
              {w.payeeBankName && <Row label={t("bank")}>{w.payeeBankName}</Row>}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("identity")} />
          <CardBody>
            {w.identity ? (
              <dl>
                <Row label={t("identityStatus")}>{w.identity.status}</Row>
                <Row label={t("realName")}>{w.identity.realName ?? "—"}</Row>
                <Row label={t("idNumber")}>{w.identity.idNumberMasked ?? "—"}</Row>
                <Row label={t("bankCard")}>{w.identity.bankCardMasked ?? "—"}</Row>
                <Row label={t("phone")}>{w.identity.phone ?? "—"}</Row>
              </dl>
            ) : (
              <p className="text-sm text-slate-500">{t("identityNone")}</p>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("balances")} />
          <CardBody>
            <dl>
              <Row label={t("available")}>{labels.money(w.balances.availableFen)}</Row>
              <Row label={t("withdrawing")}>{labels.money(w.balances.withdrawingFen)}</Row>
              <Row label={t("arrears")}>{labels.money(w.balances.arrearsFen)}</Row>
            </dl>
            <h3 className="mt-4 text-sm font-semibold text-slate-900">{t("history")}</h3>
            {w.balanceHistory.length ? (
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {w.balanceHistory.map((l) => (
                  <li key={l.postingId} className="flex justify-between gap-3 py-1.5">
                    <span className="text-slate-600">
                      {dt(l.at)} · {l.kind} · {l.accountType}
                    </span>
                    <span className={l.changeFen < 0 ? "text-red-700" : "text-emerald-700"}>{labels.money(l.changeFen)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2 text-sm text-slate-500">{t("historyEmpty")}</p>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("risk")} />
          <CardBody>
            {w.risk.flaggedOrders === 0 ? (
              <p className="text-sm text-slate-500">{t("riskNone")}</p>
            ) : (
              <>
                <p className="text-sm font-medium text-amber-800">{t("riskCount", { count: w.risk.flaggedOrders })}</p>
                <ul className="mt-2 divide-y divide-slate-100 text-sm">
                  {w.risk.orders.map((o) => (
                    <li key={o.id} className="flex justify-between gap-3 py-1.5">
                      <Link href={`/console/settlement/orders/${o.id}`} className="font-mono text-xs text-brand-700 hover:underline">
                        {o.externalId}
                      </Link>
                      <span>
                        {o.riskVerdict} · {labels.money(o.amountFen)}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("taxTitle")} />
          <CardBody>
            <dl>
              <Row label={t("taxMethod")}>{labels.label("taxMethod", w.taxMethod)}</Row>
              <Row label={t("taxMonth")}>{w.taxMonth ?? "—"}</Row>
              {w.taxNote && <Row label={t("taxNote")}>{w.taxNote}</Row>}
              {typeof w.taxDetail.routedBy === "string" && (
                <Row label={t("routedBy")}>
                  {w.taxDetail.routedBy === "person" ? t("routedByPerson", { reason: typeof w.taxDetail.routeReason === "string" ? w.taxDetail.routeReason : "" }) : t("routedByAmount")}
                </Row>
              )}
              <Row label={t("tax")}>{labels.money(w.taxFen)}</Row>
            </dl>
            <pre className="mt-3 overflow-x-auto rounded bg-slate-50 p-3 text-xs text-slate-700">{JSON.stringify(w.taxDetail, null, 2)}</pre>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("timeline")} />
          <CardBody>
            <ol className="space-y-3" data-testid="timeline">
              {w.timeline.map((e) => (
                <li key={e.id} className="text-sm">
                  <div className="flex items-center gap-2">
                    <WithdrawalStatusBadge status={e.toStatus} />
                    <span className="text-slate-500">{dt(e.at)}</span>
                  </div>
                  <div className="mt-0.5 text-slate-700">
                    {e.actorName ?? labels.label("actor", e.actorType)}
                    {e.reason && ` · ${labels.label("reason", e.reason)}`}
                  </div>
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      </div>
      <Dialog open={rejecting} onOpenChange={setRejecting} title={t("reject")} busy={reject.isPending}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate({ id, reason });
          }}
        >
          <Field id="reject-reason" label={t("rejectReason")} error={reject.error?.message} required>
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t("rejectPlaceholder")} maxLength={500} rows={3} />
          </Field>
          <DialogFooter>
            <button type="button" className={buttonClasses("ghost")} onClick={() => setRejecting(false)}>
              {t("cancel")}
            </button>
            <Button type="submit" variant="danger" loading={reject.isPending} disabled={!reason.trim()} data-testid="confirm-reject">
              {t("confirmReject")}
            </Button>
          </DialogFooter>
        </form>
      </Dialog>
    </div>
  );
}
