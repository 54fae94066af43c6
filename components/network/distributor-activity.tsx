"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

/** A distributor's reach on its detail page: visits, visitors and customers, and per link. */
export function DistributorActivity({ id }: { id: string }) {
  const t = useTranslations("network.activity");
  const format = useFormatter();
  const trpc = useTRPC();
  const q = useQuery(trpc.distributors.activity.queryOptions({ id }));
  return (
    <Card data-testid="detail-activity">
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody>
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <div className="space-y-4">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
              {[
                ["clicks", q.data.clicks, t("thisWeek", { count: q.data.clicksThisWeek })],
                ["visitors", q.data.visitors, null],
                ["customers", q.data.customersBound, t("thisWeek", { count: q.data.customersBoundThisWeek })],
              ].map(([key, value, note]) => (
                <div key={key as string}>
                  <dt className="text-sm text-slate-600">{t(key as "clicks")}</dt>
                  <dd className="text-2xl font-semibold tabular-nums" data-testid={`activity-${key as string}`}>
                    {format.number(value as number)}
                  </dd>
                  {note && <dd className="text-xs text-slate-500">{note}</dd>}
                </div>
              ))}
            </dl>
            {q.data.links.length === 0 ? (
              <p className="text-sm text-slate-600">{t("noLinks")}</p>
            ) : (
              <Table>
                <caption className="sr-only">{t("linksCaption")}</caption>
                <THead>
                  <Tr>
                    <Th>{t("link")}</Th>
                    <Th className="text-right">{t("clicks")}</Th>
                    <Th className="text-right">{t("clicksThisWeek")}</Th>
                    <Th className="text-right">{t("visitors")}</Th>
                  </Tr>
                </THead>
                <TBody>
                  {q.data.links.map((l) => (
                    <Tr key={l.code}>
                      <Td>
                        <span className="font-mono text-xs">{l.code}</span>
                        <span className="ml-2 text-slate-600">{l.productName ?? t("mainLink")}</span>
                      </Td>
                      <Td className="text-right tabular-nums">{format.number(l.clicks)}</Td>
                      <Td className="text-right tabular-nums">{format.number(l.clicksThisWeek)}</Td>
                      <Td className="text-right tabular-nums">{format.number(l.visitors)}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
