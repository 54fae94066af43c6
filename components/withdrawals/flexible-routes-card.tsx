"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

/** The people the brand pays through the flexible-employment platform whatever the amount. */
export function FlexibleRoutesCard({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("withdrawals.flexibleRoutes");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.withdrawals.flexibleRoutes.queryOptions());
  const [code, setCode] = useState("");
  const [reason, setReason] = useState("");
  const [added, setAdded] = useState(false);
  const refresh = () =>
    qc.invalidateQueries({ queryKey: trpc.withdrawals.flexibleRoutes.queryKey() });
  const add = useMutation(
    trpc.withdrawals.addFlexibleRoute.mutationOptions({
      onSuccess: () => {
        setCode("");
        setReason("");
        setAdded(true);
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.withdrawals.removeFlexibleRoute.mutationOptions({ onSuccess: () => void refresh() }),
  );

  return (
    <Card data-testid="flexible-routes">
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyState title={t("empty")} data-testid="flexible-routes-empty" />
        ) : (
          <Table>
            <THead>
              <Tr>
                <Th>{t("code")}</Th>
                <Th>{t("reason")}</Th>
                <Th>{t("setAt")}</Th>
                {canWrite && <Th />}
              </Tr>
            </THead>
            <TBody>
              {q.data.map((r) => (
                <Tr key={r.distributorId} data-testid={`flexible-route-${r.code}`}>
                  <Td>
                    {r.name} · {r.code}
                  </Td>
                  <Td>{r.reason}</Td>
                  <Td>{format.dateTime(r.setAt, { dateStyle: "medium" })}</Td>
                  {canWrite && (
                    <Td>
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={
                          remove.isPending && remove.variables?.distributorId === r.distributorId
                        }
                        onClick={() => remove.mutate({ distributorId: r.distributorId })}
                      >
                        {t("remove")}
                      </Button>
                    </Td>
                  )}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {canWrite && (
          <form
            className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              setAdded(false);
              add.mutate({ code, reason });
            }}
          >
            <Field id="flexible-route-code" label={t("code")}>
              <Input
                value={code}
                onChange={(e) => setCode(e.target.value)}
                required
                maxLength={64}
              />
            </Field>
            <Field id="flexible-route-reason" label={t("reason")}>
              <Input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                maxLength={200}
              />
            </Field>
            <Button type="submit" loading={add.isPending} data-testid="flexible-route-add">
              {t("add")}
            </Button>
          </form>
        )}
        {add.error && <Alert tone="danger">{add.error.message}</Alert>}
        {remove.error && <Alert tone="danger">{remove.error.message}</Alert>}
        {added && <Alert tone="success">{t("added")}</Alert>}
      </CardBody>
    </Card>
  );
}
