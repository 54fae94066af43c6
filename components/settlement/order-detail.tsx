"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LoadError, Loading } from "@/components/console/query-states";
import { errorInfo } from "@/components/forms/trpc-error";
import { lastListUrl } from "@/components/console/data-table/use-table-state";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { isLocale } from "@/server/i18n/config";
import { OrderLedger, OrderTimeline } from "./order-ledger";
import { OrderCommissions, OrderLines } from "./order-lines";
import { AttributionAndRisk, OrderSummary } from "./order-summary";

const LIST = "/console/settlement/orders";

/** Back to the orders list as this tab last showed it (filters, sort, page). */
function BackToList() {
  const t = useTranslations("settlement.detail");
  const router = useRouter();
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={() => router.push(lastListUrl(LIST))}
      data-testid="order-back"
    >
      ← {t("back")}
    </Button>
  );
}

export function OrderDetailView({ id, canSeeRules }: { id: string; canSeeRules: boolean }) {
  const t = useTranslations("settlement.detail");
  const locale = useLocale();
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.orders.detail.queryOptions(
      { id, locale: isLocale(locale) ? locale : "zh-CN" },
      { retry: (n, e) => n < 1 && errorInfo(e).code !== "NOT_FOUND" },
    ),
  );
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (errorInfo(detail.error).code === "NOT_FOUND") {
      return (
        <EmptyState
          title={t("notFoundTitle")}
          description={t("notFoundBody")}
          action={<BackToList />}
        />
      );
    }
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const order = detail.data;
  return (
    <div className="space-y-6" data-testid="order-detail">
      <div className="space-y-2">
        <BackToList />
        <h2 className="font-mono text-xl font-semibold tracking-tight text-slate-900">
          {t("title", { id: order.externalId })}
        </h2>
      </div>
      <OrderSummary order={order} />
      <AttributionAndRisk order={order} />
      <OrderLines order={order} />
      <OrderCommissions order={order} canSeeRules={canSeeRules} />
      <OrderTimeline order={order} />
      <OrderLedger order={order} />
    </div>
  );
}
