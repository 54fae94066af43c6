"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useNetworkLabels } from "@/components/network/labels";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { OrderStatusBadge, RiskBadge, useSettlementLabels } from "./labels";
import type { OrderDetail } from "./types";

export function Item({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** The order's header: where and when, what was paid and refunded, what it earns, and who bought. */
export function OrderSummary({ order }: { order: OrderDetail }) {
  const t = useTranslations("settlement.detail");
  const labels = useSettlementLabels();
  const network = useNetworkLabels();
  const format = useFormatter();
  const when = (d: Date | null) =>
    d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "medium" }) : t("notYet");
  return (
    <Card data-testid="order-summary">
      <CardHeader title={t("summary")} />
      <CardBody>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
          <Item label={t("channel")}>{labels.label("channel", order.channel)}</Item>
          <Item label={t("externalId")}>
            <span className="font-mono text-xs break-all">{order.externalId}</span>
          </Item>
          <Item label={t("status")} testId="order-status">
            <OrderStatusBadge status={order.status} />
          </Item>
          <Item label={t("source")}>{labels.label("source", order.source)}</Item>
          <Item label={t("paidAt")}>{when(order.paidAt)}</Item>
          <Item label={t("completedAt")}>{when(order.completedAt)}</Item>
          <Item label={t("settleAfter")}>{when(order.settleAfter)}</Item>
          {order.cancelledAt && <Item label={t("cancelledAt")}>{when(order.cancelledAt)}</Item>}
          <Item label={t("amount")}>
            <span className="tabular-nums">{labels.money(order.amountFen)}</span>
          </Item>
          <Item label={t("refunded")}>
            <span className="tabular-nums">{labels.money(order.refundedFen)}</span>
          </Item>
          <Item label={t("commission")} testId="order-commission-total">
            <span className="font-semibold tabular-nums">{labels.money(order.commissionFen)}</span>
          </Item>
          {order.shippingRegion && <Item label={t("region")}>{order.shippingRegion}</Item>}
          <Item label={t("buyer")} testId="order-buyer">
            {order.buyer.identities.length ? (
              <ul className="space-y-0.5">
                {order.buyer.identities.map((i) => (
                  <li key={`${i.kind}:${i.masked}`}>
                    <span className="text-slate-500">{network.identityKind(i.kind)}</span>{" "}
                    {i.masked}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="text-slate-400">{t("buyerNone")}</span>
            )}
          </Item>
        </dl>
      </CardBody>
    </Card>
  );
}

/** Who the order is attributed to and why; what risk control decided, with each rule's evidence. */
export function AttributionAndRisk({ order }: { order: OrderDetail }) {
  const t = useTranslations("settlement.detail");
  const labels = useSettlementLabels();
  const d = order.attribution.distributor;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Card data-testid="order-attribution">
        <CardHeader title={t("attributionTitle")} />
        <CardBody>
          <dl className="space-y-3">
            <Item label={t("attributionSource")}>
              {labels.label("attribution", order.attribution.source)}
            </Item>
            <Item label={t("referralCode")}>
              {order.attribution.referralCode ? (
                <span className="font-mono">{order.attribution.referralCode}</span>
              ) : (
                <span className="text-slate-400">{t("referralNone")}</span>
              )}
            </Item>
            <Item label={t("distributor")}>
              {d ? (
                <Link
                  href={`/console/distributors/${d.id}`}
                  className="text-slate-900 hover:text-brand-700 hover:underline"
                >
                  {d.name} <span className="font-mono text-xs text-slate-500">{d.code}</span>
                </Link>
              ) : (
                <span className="text-slate-500">{t("noDistributor")}</span>
              )}
            </Item>
          </dl>
        </CardBody>
      </Card>
      <Card data-testid="order-risk">
        <CardHeader title={t("riskTitle")} actions={<RiskBadge verdict={order.risk.verdict} />} />
        <CardBody>
          {order.risk.rules.length === 0 ? (
            <p className="text-sm text-slate-600">{t("noRules")}</p>
          ) : (
            <div className="space-y-3">
              <h3 className="text-xs font-medium text-slate-500">{t("rulesFired")}</h3>
              <ul className="space-y-3">
                {order.risk.rules.map((r) => (
                  <li
                    key={r.code}
                    className="rounded-md border border-slate-200 px-3 py-2"
                    data-testid={`risk-rule-${r.code}`}
                  >
                    <div className="flex items-center justify-between gap-2">
                      <span className="font-medium text-slate-900">
                        {labels.label("riskRule", r.code)}
                      </span>
                      <Badge
                        tone={
                          r.action === "block"
                            ? "danger"
                            : r.action === "review"
                              ? "warning"
                              : "neutral"
                        }
                      >
                        {labels.label("risk", r.action)}
                      </Badge>
                    </div>
                    <dl
                      className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs"
                      aria-label={t("evidence")}
                    >
                      {Object.entries(r.evidence).map(([k, v]) => (
                        <div key={k} className="contents">
                          <dt className="font-mono text-slate-500">{k}</dt>
                          <dd className="font-mono break-all text-slate-800">
                            {typeof v === "string" ? v : JSON.stringify(v)}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
