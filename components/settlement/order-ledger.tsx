"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { useSettlementLabels } from "./labels";
import type { OrderDetail } from "./types";

/** The order's events in time order, with where each came from and a refund's items. */
export function OrderTimeline({ order }: { order: OrderDetail }) {
  const t = useTranslations("settlement.detail");
  const labels = useSettlementLabels();
  const format = useFormatter();
  return (
    <Card data-testid="order-timeline">
      <CardHeader title={t("timelineTitle")} description={t("timelineDescription")} />
      <CardBody>
        <ol className="relative space-y-4 border-l border-slate-200 pl-5">
          {order.events.map((e) => (
            <li key={e.id} className="relative" data-testid={`order-event-${e.type}`}>
              <span
                aria-hidden="true"
                className="absolute top-1.5 -left-[25px] size-2.5 rounded-full bg-brand-500 ring-4 ring-white"
              />
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
                <span className="font-medium text-slate-900">
                  {labels.label("eventType", e.type)}
                </span>
                <time dateTime={e.at.toISOString()} className="text-sm text-slate-600">
                  {format.dateTime(e.at, { dateStyle: "medium", timeStyle: "medium" })}
                </time>
                <span className="text-xs text-slate-500">
                  {t("via", { source: labels.label("source", e.source) })}
                </span>
              </div>
              {e.refund && (
                <div className="mt-1 text-sm text-slate-700">
                  <div className="text-xs text-slate-500">
                    {t("refundId", { id: e.refund.refundId })}
                  </div>
                  <ul>
                    {e.refund.items.map((i) => (
                      <li key={i.sku}>
                        {i.quantity
                          ? t("refundLineQuantity", {
                              sku: i.sku,
                              amount: labels.money(i.amountFen),
                              count: i.quantity,
                            })
                          : t("refundLine", { sku: i.sku, amount: labels.money(i.amountFen) })}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}

/**
 * Every journal behind the order, each with its postings as debit / credit columns and totals
 * that must agree: the balances the order touched, explained line by line.
 */
export function OrderLedger({ order }: { order: OrderDetail }) {
  const t = useTranslations("settlement.detail");
  const labels = useSettlementLabels();
  const format = useFormatter();
  return (
    <Card data-testid="order-ledger">
      <CardHeader title={t("ledgerTitle")} description={t("ledgerDescription")} />
      {order.journals.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-600">{t("noJournals")}</p>
        </CardBody>
      ) : (
        <div className="divide-y divide-slate-100">
          {order.journals.map((j) => {
            const debit = j.postings.reduce((s, p) => s + p.debitFen, 0);
            const credit = j.postings.reduce((s, p) => s + p.creditFen, 0);
            return (
              <section
                key={j.id}
                className="py-3"
                aria-label={labels.label("journalKind", j.kind)}
                data-testid={`journal-${j.kind}`}
              >
                <div className="flex flex-wrap items-baseline gap-x-3 px-6 pb-2">
                  <h3 className="font-medium text-slate-900">
                    {labels.label("journalKind", j.kind)}
                  </h3>
                  <time dateTime={j.at.toISOString()} className="text-sm text-slate-600">
                    {format.dateTime(j.at, { dateStyle: "medium", timeStyle: "medium" })}
                  </time>
                  <span className="font-mono text-xs text-slate-400" title={j.causeId}>
                    {j.causeType}:{j.causeId.slice(0, 8)}
                  </span>
                  {j.memo && <span className="text-xs text-slate-500">{j.memo}</span>}
                </div>
                {!j.ofThisOrder && j.orderShareFen !== null && (
                  <p className="px-6 pb-2 text-xs text-slate-600">
                    {t("sharedSettlement", { amount: labels.money(j.orderShareFen) })}
                  </p>
                )}
                <Table>
                  <THead>
                    <Tr>
                      <Th>{t("postingColumns.account")}</Th>
                      <Th>{t("postingColumns.owner")}</Th>
                      <Th className="text-right">{t("postingColumns.debit")}</Th>
                      <Th className="text-right">{t("postingColumns.credit")}</Th>
                    </Tr>
                  </THead>
                  <TBody>
                    {j.postings.map((p) => (
                      <Tr key={p.id}>
                        <Td>{labels.label("accountType", p.accountType)}</Td>
                        <Td>
                          {p.distributor ? (
                            <Link
                              href={`/console/distributors/${p.distributor.id}`}
                              className="hover:text-brand-700 hover:underline"
                            >
                              {p.distributor.name}{" "}
                              <span className="font-mono text-xs text-slate-500">
                                {p.distributor.code}
                              </span>
                            </Link>
                          ) : (
                            <span className="text-slate-500">{t("brand")}</span>
                          )}
                        </Td>
                        <Td className="text-right tabular-nums">
                          {p.debitFen ? labels.money(p.debitFen) : ""}
                        </Td>
                        <Td className="text-right tabular-nums">
                          {p.creditFen ? labels.money(p.creditFen) : ""}
                        </Td>
                      </Tr>
                    ))}
                    <Tr className="bg-slate-50 font-medium">
                      <Td colSpan={2}>{t("total")}</Td>
                      <Td className="text-right tabular-nums">{labels.money(debit)}</Td>
                      <Td className="text-right tabular-nums">{labels.money(credit)}</Td>
                    </Tr>
                  </TBody>
                </Table>
              </section>
            );
          })}
        </div>
      )}
    </Card>
  );
}
