"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { ActiveOnly, PortalQueryState } from "@/components/portal/list-frame";
import { portalPath } from "@/components/portal/links";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { fenToYuan } from "@/server/promotion/price";
import { yuanTextToFen } from "@/server/payouts/withdrawals/schemas";
import { useWithdrawalLabels, WithdrawalStatusBadge } from "./labels";
import { ConfirmReceipt } from "@/components/portal/confirm-receipt";

type Channel = "bank" | "wechat" | "alipay";
type Problem = { code: string; message: string; limit: number | null; alternatives: Channel[] } | null;

/** A refusal in the reader's language, naming the limit and the channels that can take the amount. */
export function useProblemText() {
  const t = useTranslations("withdrawals.portal.problem");
  const labels = useWithdrawalLabels();
  return (p: NonNullable<Problem>, channel: Channel) => {
    const args = { channel: labels.label("channel", channel), limit: p.limit == null ? "" : ["daily_count_cap", "monthly_count_cap"].includes(p.code) ? String(p.limit) : labels.money(p.limit) };
    const base = t.has(p.code) ? t(p.code, args) : p.message;
    if (p.code === "above_max" || p.code === "channel_disabled" || p.code === "below_min") {
      if (p.alternatives.length) return `${base} ${t("alternatives", { channels: p.alternatives.map((c) => labels.label("channel", c)).join(" / ") })}`;
      if (p.code === "above_max") return `${base} ${t("split")}`;
    }
    return base;
  };
}

/** Withdraw: balances, channel choice, amount, fee / estimated tax / net before confirming, and the history. */
export function WithdrawView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("withdrawals.portal");
  const path = portalPath(slug, "withdraw");
  return (
    <div className="space-y-5" data-testid="withdraw-page">
      <div className="space-y-1 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("description")}</p>
      </div>
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {() => (
          <>
            <WithdrawForm slug={slug} path={path} />
            <History slug={slug} />
          </>
        )}
      </ActiveOnly>
    </div>
  );
}

function WithdrawForm({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("withdrawals.portal");
  const labels = useWithdrawalLabels();
  const problemText = useProblemText();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = useQuery(trpc.portalWithdrawals.options.queryOptions({ slug }));
  const [channel, setChannel] = useState<Channel | null>(null);
  const [amount, setAmount] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const valid = /^\d{1,9}(\.\d{1,2})?$/.test(amount.trim()) && yuanTextToFen(amount) > 0;
  const amountFen = valid ? yuanTextToFen(amount) : 0;
  const chosen = channel ?? options.data?.channels.find((c) => !c.blocked)?.channel ?? null;
  const quote = useQuery({
    ...trpc.portalWithdrawals.quote.queryOptions({ slug, channel: chosen ?? "bank", amountFen }),
    enabled: valid && !!chosen,
  });
  const request = useMutation(
    trpc.portalWithdrawals.request.mutationOptions({
      onSuccess: async (w) => {
        setDone(w.id);
        setAmount("");
        await qc.invalidateQueries({ queryKey: trpc.portalWithdrawals.pathKey() });
      },
    }),
  );
  if (!options.isSuccess) return <PortalQueryState query={options} slug={slug} path={path} />;
  const o = options.data;
  const q = quote.data;
  return (
    <section className="space-y-4">
      <dl className="grid grid-cols-2 gap-2">
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
          <dt className="text-xs text-slate-500">{t("available")}</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900" data-testid="available">{labels.money(o.availableFen)}</dd>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
          <dt className="text-xs text-slate-500">{t("withdrawing")}</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-700">{labels.money(o.withdrawingFen)}</dd>
        </div>
      </dl>
      {o.arrearsFen > 0 && <Alert tone="warning">{t("arrears", { amount: labels.money(o.arrearsFen) })}</Alert>}
      {done && (
        <Alert tone="success" data-testid="withdraw-requested">
          {t("requested")}{" "}
          <Link className="underline" href={`${portalPath(slug, "withdraw")}/${done}`}>
            →
          </Link>
        </Alert>
      )}
      {o.channels.length === 0 ? (
        <Alert tone="info">{t("noChannels")}</Alert>
      ) : (
        <form
          className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen && valid && q && !q.problem) request.mutate({ slug, channel: chosen, amountFen });
          }}
        >
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-900">{t("channel")}</legend>
            {o.channels.map((c) => (
              <label
                key={c.channel}
                className={cn(
                  "flex items-center justify-between gap-3 rounded-lg border p-3",
                  chosen === c.channel ? "border-brand-500 bg-brand-50" : "border-slate-200",
                  c.blocked && "opacity-70",
                )}
              >
                <span className="flex items-center gap-3">
                  <input
                    type="radio"
                    name="channel"
                    value={c.channel}
                    checked={chosen === c.channel}
                    disabled={!!c.blocked}
                    onChange={() => setChannel(c.channel)}
                    data-testid={`channel-${c.channel}`}
                  />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">
                      {labels.label("channel", c.channel)} {c.accountMasked && <span className="font-mono text-xs text-slate-500">{c.accountMasked}</span>}
                    </span>
                    <span className="block text-xs text-slate-500">{t("range", { min: labels.money(c.minFen), max: labels.money(c.maxFen) })}</span>
                  </span>
                </span>
                {c.blocked && (
                  <Link href={portalPath(slug, "identity")} className="text-xs text-brand-700 underline">
                    {t(`blocked.${c.blocked as "no_bank_card"}`)}
                  </Link>
                )}
              </label>
            ))}
          </fieldset>
          <div className="space-y-1">
            <label htmlFor="withdraw-amount" className="text-sm font-medium text-slate-900">
              {t("amount")}
            </label>
            <div className="flex gap-2">
              <Input
                id="withdraw-amount"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                placeholder="0.00"
                className="text-lg"
                data-testid="withdraw-amount"
              />
              <button type="button" className={buttonClasses("secondary")} onClick={() => setAmount(fenToYuan(o.availableFen))}>
                {t("all")}
              </button>
            </div>
          </div>
          {valid && q && chosen && (
            <div className="space-y-2" data-testid="withdraw-quote">
              <dl className="divide-y divide-slate-100 rounded-lg bg-slate-50 px-3 text-sm">
                <div className="flex justify-between py-2">
                  <dt className="text-slate-600">{t("fee")}</dt>
                  <dd>{labels.money(q.feeFen)}</dd>
                </div>
                <div className="flex justify-between py-2">
                  <dt className="text-slate-600">{t("tax")}</dt>
                  <dd data-testid="quote-tax">{q.taxNote ? t("taxNote", { note: q.taxNote }) : labels.money(q.taxFen)}</dd>
                </div>
                <div className="flex justify-between py-2 text-base font-semibold">
                  <dt>{t("net")}</dt>
                  <dd data-testid="quote-net">{labels.money(q.netFen)}</dd>
                </div>
              </dl>
              <p className="text-xs text-slate-500">{t("estimateHint")}</p>
              {q.problem && (
                <Alert tone="danger" data-testid="withdraw-problem">
                  {problemText(q.problem, chosen)}
                </Alert>
              )}
            </div>
          )}
          {request.error && <Alert tone="danger">{request.error.message}</Alert>}
          <Button type="submit" className="w-full" size="lg" loading={request.isPending} disabled={!valid || !q || !!q.problem || quote.isFetching} data-testid="withdraw-confirm">
            {t("confirm")}
          </Button>
        </form>
      )}
    </section>
  );
}

function History({ slug }: { slug: string }) {
  const t = useTranslations("withdrawals.portal");
  const labels = useWithdrawalLabels();
  const format = useFormatter();
  const trpc = useTRPC();
  const list = useQuery(trpc.portalWithdrawals.list.queryOptions({ slug, limit: 50 }));
  return (
    <section className="space-y-2" aria-labelledby="withdraw-history">
      <h2 id="withdraw-history" className="px-1 text-base font-semibold text-slate-900">
        {t("history")}
      </h2>
      {list.isSuccess && list.data.items.length === 0 && <p className="px-1 text-sm text-slate-500">{t("empty")}</p>}
      {list.isSuccess && list.data.items.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs">
          {list.data.items.map((w) => (
            <li key={w.id}>
              <Link href={`${portalPath(slug, "withdraw")}/${w.id}`} className="flex items-center justify-between gap-3 p-4" data-testid={`withdrawal-${w.outBillNo}`}>
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-slate-900">
                    {labels.money(w.amountFen)} · {labels.label("channel", w.channel)}
                  </span>
                  <span className="block text-xs text-slate-500">{format.dateTime(w.requestedAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                </span>
                <WithdrawalStatusBadge status={w.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One withdrawal in the portal: amounts, payee, and every step with its time and reason. */
export function WithdrawalPortalDetail({ slug, id }: { slug: string; id: string }) {
  const t = useTranslations("withdrawals.portal");
  const td = useTranslations("withdrawals.detail");
  const labels = useWithdrawalLabels();
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const path = `${portalPath(slug, "withdraw")}/${id}`;
  const detail = useQuery(trpc.portalWithdrawals.detail.queryOptions({ slug, id }));
  const cancel = useMutation(
    trpc.portalWithdrawals.cancel.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.portalWithdrawals.pathKey() }) }),
  );
  if (!detail.isSuccess) return <PortalQueryState query={detail} slug={slug} path={path} />;
  const w = detail.data;
  const row = (label: string, value: React.ReactNode, testId?: string) => (
    <div className="flex justify-between gap-3 py-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right" data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <div className="space-y-5" data-testid="withdrawal-detail">
      <Link href={portalPath(slug, "withdraw")} className="px-1 text-sm text-brand-700">
        ← {t("back")}
      </Link>
      <div className="flex items-center justify-between gap-3 px-1">
        <h1 className="font-mono text-base font-semibold text-slate-900">{t("detailTitle", { outBillNo: w.outBillNo })}</h1>
        <WithdrawalStatusBadge status={w.status} />
      </div>
      {w.status === "waiting_confirmation" && w.expiresAt && (
        <Alert tone="warning">{t("confirmReceipt", { time: format.dateTime(w.expiresAt, { dateStyle: "short", timeStyle: "short" }) })}</Alert>
      )}
      {w.status === "waiting_confirmation" && w.channel === "wechat" && <ConfirmReceipt slug={slug} withdrawalId={w.id} />}
      {cancel.isSuccess && <Alert tone="success">{t("cancelled")}</Alert>}
      {cancel.error && <Alert tone="danger">{cancel.error.message}</Alert>}
      <dl className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white px-4 text-sm shadow-xs">
        {row(td("amount"), labels.money(w.amountFen))}
        {row(td("fee"), labels.money(w.feeFen))}
        {row(td("tax"), <>{labels.money(w.taxFen)}{w.taxEstimated && <span className="block text-xs text-slate-500">{td("taxEstimated")}</span>}</>)}
        {row(td("net"), <strong>{labels.money(w.netFen)}</strong>, "detail-net")}
        {row(td("payee"), `${labels.label("channel", w.channel)} ${w.payeeAccountMasked ?? ""}`)}
        {w.reason && row(t("reason"), labels.label("reason", w.reason))}
      </dl>
      <section aria-labelledby="timeline-title" className="space-y-2">
        <h2 id="timeline-title" className="px-1 text-base font-semibold text-slate-900">
          {t("timeline")}
        </h2>
        <ol className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid="portal-timeline">
          {w.timeline.map((e) => (
            <li key={e.id} className="flex gap-3 text-sm">
              <span aria-hidden="true" className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-500" />
              <span>
                <span className="block font-medium text-slate-900">{labels.label("status", e.toStatus)}</span>
                <span className="block text-xs text-slate-500">
                  {format.dateTime(e.at, { dateStyle: "medium", timeStyle: "short" })} · {labels.label("actor", e.actorType)}
                </span>
                {e.reason && <span className="block text-slate-700">{labels.label("reason", e.reason)}</span>}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {w.status === "reviewing" && (
        <Button variant="secondary" className="w-full" loading={cancel.isPending} onClick={() => cancel.mutate({ slug, id })} data-testid="withdraw-cancel">
          {t("cancelRequest")}
        </Button>
      )}
    </div>
  );
}

/** The way to Withdraw from the Earnings page. */
export function WithdrawLink({ slug }: { slug: string }) {
  const t = useTranslations("withdrawals.portal");
  return (
    <Link href={portalPath(slug, "withdraw")} className={buttonClasses("primary", "lg", "w-full")} data-testid="withdraw-link">
      {t("title")}
    </Link>
  );
}
