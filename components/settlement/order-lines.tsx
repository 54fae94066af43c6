"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { TableCard } from "@/components/network/table-card";
import { Badge } from "@/components/ui/badge";
import { Td, Th, Tr } from "@/components/ui/table";
import { CommissionStatusBadge, useSettlementLabels } from "./labels";
import { RuleName } from "./rule-name";
import type { OrderDetail } from "./types";

export function OrderLines({ order }: { order: OrderDetail }) {
  const t = useTranslations("settlement.detail");
  const labels = useSettlementLabels();
  return (
    <TableCard
      testId="order-lines"
      title={t("linesTitle")}
      items={order.lines}
      head={
        <>
          <Th>{t("lines.sku")}</Th>
          <Th>{t("lines.category")}</Th>
          <Th className="text-right">{t("lines.quantity")}</Th>
          <Th className="text-right">{t("lines.amount")}</Th>
          <Th className="text-right">{t("lines.refunded")}</Th>
          <Th>{t("lines.afterSales")}</Th>
        </>
      }
      row={(l) => (
        <Tr key={l.id}>
          <Td className="font-mono text-xs">{l.sku}</Td>
          <Td>{l.category ?? <span className="text-slate-400">—</span>}</Td>
          <Td className="text-right tabular-nums">{l.quantity}</Td>
          <Td className="text-right tabular-nums">{labels.money(l.amountFen)}</Td>
          <Td className="text-right tabular-nums">
            {l.refundedFen ? (
              labels.money(l.refundedFen)
            ) : (
              <span className="text-slate-400">—</span>
            )}
            {l.refundedQuantity > 0 && (
              <div className="text-xs text-slate-500">
                {t("lines.refundedQuantity", { count: l.refundedQuantity })}
              </div>
            )}
          </Td>
          <Td>
            {l.afterSalesOpen ? (
              <Badge tone="warning">{t("lines.afterSalesOpen")}</Badge>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </Td>
        </Tr>
      )}
    />
  );
}

export function OrderCommissions({
  order,
  canSeeRules,
}: {
  order: OrderDetail;
  canSeeRules: boolean;
}) {
  const t = useTranslations("settlement.detail");
  const labels = useSettlementLabels();
  return (
    <TableCard
      testId="order-commissions"
      title={t("commissionsTitle")}
      description={t("commissionsDescription")}
      emptyText={t("noCommissions")}
      items={order.commissions}
      head={
        <>
          <Th>{t("commissionColumns.tier")}</Th>
          <Th>{t("commissionColumns.distributor")}</Th>
          <Th>{t("commissionColumns.sku")}</Th>
          <Th>{t("commissionColumns.rule")}</Th>
          <Th>{t("commissionColumns.status")}</Th>
          <Th className="text-right">{t("commissionColumns.amount")}</Th>
          <Th>{t("commissionColumns.trace")}</Th>
        </>
      }
      row={(c) => (
        <Tr key={c.id} data-testid={`order-commission-${c.tier}-${c.sku}`}>
          <Td className="whitespace-nowrap">{labels.tier(c.tier)}</Td>
          <Td>
            <Link
              href={`/console/distributors/${c.distributor.id}`}
              className="whitespace-nowrap text-slate-900 hover:text-brand-700 hover:underline"
            >
              {c.distributor.name}
            </Link>
            <div className="font-mono text-xs text-slate-500">{c.distributor.code}</div>
          </Td>
          <Td className="font-mono text-xs">{c.sku}</Td>
          <Td>
            <RuleName rule={c.rule} linked={canSeeRules} />
          </Td>
          <Td>
            <CommissionStatusBadge status={c.status} />
          </Td>
          <Td className="text-right font-medium tabular-nums">{labels.money(c.amountFen)}</Td>
          <Td className="min-w-64 text-xs text-slate-700" data-testid="commission-trace">
            {c.trace}
          </Td>
        </Tr>
      )}
    />
  );
}
