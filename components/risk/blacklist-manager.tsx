"use client";

import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Checkbox, Input, Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { RISK_LIST_KINDS, RISK_REASON_CATEGORIES, type RiskListKind, type RiskReasonCategory } from "@/db/risk-kinds";
import { brandDayEnd } from "@/server/orders/console-schemas";

/** The brand's blacklist: add one, import a CSV (bad lines listed), the entries with removal, and the shared-list opt-ins. */
export function BlacklistManager({ canManageSharing }: { canManageSharing: boolean }) {
  const t = useTranslations("riskCenter.blacklist");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const format = useFormatter();
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.blacklist.queryKey() });

  const [kind, setKind] = useState<RiskListKind>("phone");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [category, setCategory] = useState<RiskReasonCategory>("fraud");
  const [expires, setExpires] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const add = useMutation(
    trpc.risk.addBlacklist.mutationOptions({
      onSuccess: async () => {
        setValue("");
        setNotice(t("added"));
        await refresh();
      },
    }),
  );
  const importCsv = useMutation(trpc.riskCenter.blacklistImport.mutationOptions({ onSuccess: () => refresh() }));
  const remove = useMutation(trpc.risk.removeBlacklist.mutationOptions({ onSuccess: () => refresh() }));
  const sharing = useQuery(trpc.risk.sharing.queryOptions());
  const updateSharing = useMutation(
    trpc.risk.updateSharing.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.risk.sharing.queryKey() }) }),
  );
  // Keyset pages ("show more" appends the next one): each page starts before the last one's end.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const pages = useQueries({ queries: cursors.map((before) => trpc.risk.blacklist.queryOptions({ limit: 50, before })) });
  const first = pages[0]!;
  const lastPage = pages.at(-1)?.data;
  const list = {
    isError: first.isError,
    error: first.error,
    refetch: first.refetch,
    data: pages.every((p) => p.data) ? { pages: pages.map((p) => p.data!) } : undefined,
    hasNextPage: !!lastPage?.next,
    isFetchingNextPage: pages.some((p) => p.isFetching),
    fetchNextPage: () => lastPage?.next && setCursors((c) => [...c, lastPage.next ?? undefined]),
  };

  return (
    <div className="space-y-6" data-testid="blacklist">
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("add")} />
          <CardBody>
            <form
              className="space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                setNotice(null);
                add.mutate({ kind, value, reason, reasonCategory: category, expiresAt: expires ? brandDayEnd(expires) : null });
              }}
            >
              <Field id="bl-kind" label={t("kind")}>
                <Select value={kind} onChange={(e) => setKind(e.target.value as RiskListKind)} data-testid="bl-kind">
                  {RISK_LIST_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`kinds.${k}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="bl-value" label={t("value")} required error={add.error?.message}>
                <Input value={value} onChange={(e) => setValue(e.target.value)} maxLength={500} data-testid="bl-value" />
              </Field>
              <Field id="bl-reason" label={t("reason")} required>
                <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="bl-reason" />
              </Field>
              <div className="grid grid-cols-2 gap-3">
                <Field id="bl-category" label={t("category")}>
                  <Select value={category} onChange={(e) => setCategory(e.target.value as RiskReasonCategory)}>
                    {RISK_REASON_CATEGORIES.map((c) => (
                      <option key={c} value={c}>
                        {t(`categories.${c}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field id="bl-expires" label={t("expiresAt")}>
                  <Input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
                </Field>
              </div>
              <Button type="submit" loading={add.isPending} disabled={!value.trim() || !reason.trim()} data-testid="bl-add">
                {t("add")}
              </Button>
              {notice && <Alert tone="success">{notice}</Alert>}
            </form>
          </CardBody>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title={t("import")} description={t("importHint")} />
            <CardBody className="space-y-3">
              <input
                type="file"
                accept=".csv,text/csv"
                data-testid="bl-import"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (file) importCsv.mutate({ csv: await file.text() });
                  e.target.value = "";
                }}
              />
              {importCsv.error && <Alert tone="danger">{importCsv.error.message}</Alert>}
              {importCsv.data && (
                <Alert tone={importCsv.data.errors.length ? "warning" : "success"}>
                  <p>{t("importResult", { added: importCsv.data.added, duplicates: importCsv.data.duplicates, errors: importCsv.data.errors.length })}</p>
                  {importCsv.data.errors.length > 0 && (
                    <ul className="mt-2 list-disc pl-5 text-xs" data-testid="bl-import-errors">
                      {importCsv.data.errors.slice(0, 100).map((er) => (
                        <li key={`${er.line}-${er.field}`}>
                          {t("lineError", {
                            line: er.line,
                            field: t.has(`importField.${er.field}`) ? t(`importField.${er.field}`) : er.field,
                            key: t.has(`importKey.${er.key}`) ? t(`importKey.${er.key}`) : er.key,
                          })}
                        </li>
                      ))}
                    </ul>
                  )}
                </Alert>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("sharing")} description={t("sharingHint")} />
            <CardBody className="space-y-2">
              {sharing.data &&
                (["shareContribute", "shareConsume"] as const).map((k) => (
                  <label key={k} className="flex items-center gap-2 text-sm text-slate-700">
                    <Checkbox
                      checked={sharing.data[k]}
                      disabled={!canManageSharing || updateSharing.isPending}
                      onChange={(e) => updateSharing.mutate({ [k]: e.target.checked })}
                      data-testid={`bl-${k}`}
                    />
                    {t(k === "shareContribute" ? "contribute" : "consume")}
                  </label>
                ))}
            </CardBody>
          </Card>
        </div>
      </div>
      <Card>
        <CardHeader title={t("list")} />
        <CardBody>
          {list.isError ? (
            <LoadError error={list.error!} onRetry={() => void list.refetch()} />
          ) : !list.data ? (
            <Loading />
          ) : list.data.pages[0]?.items.length === 0 ? (
            <p className="text-sm text-slate-500">{t("empty")}</p>
          ) : (
            <>
              <Table data-testid="bl-list">
                <caption className="sr-only">{t("list")}</caption>
                <THead>
                  <Tr>
                    <Th>{t("kind")}</Th>
                    <Th>{t("value")}</Th>
                    <Th>{t("reason")}</Th>
                    <Th>{t("source")}</Th>
                    <Th>{t("listed")}</Th>
                    <Th>{t("expires")}</Th>
                    <Th />
                  </Tr>
                </THead>
                <TBody>
                  {list.data.pages.flatMap((p) =>
                    p.items.map((e) => (
                      <Tr key={e.id}>
                        <Td>{t(`kinds.${e.kind}`)}</Td>
                        <Td className="font-mono text-xs">{e.masked}</Td>
                        <Td>
                          {e.reason} <span className="text-xs text-slate-500">({t(`categories.${e.reasonCategory}`)})</span>
                        </Td>
                        <Td>
                          {e.source} {e.shared && <Badge tone="info">{t("shared")}</Badge>}
                        </Td>
                        <Td className="whitespace-nowrap text-slate-600">{format.dateTime(e.createdAt, { dateStyle: "short" })}</Td>
                        <Td className="whitespace-nowrap text-slate-600">{e.expiresAt ? format.dateTime(e.expiresAt, { dateStyle: "short" }) : t("never")}</Td>
                        <Td>
                          <Button size="sm" variant="ghost" loading={remove.isPending && remove.variables?.id === e.id} onClick={() => remove.mutate({ id: e.id })}>
                            {t("remove")}
                          </Button>
                        </Td>
                      </Tr>
                    )),
                  )}
                </TBody>
              </Table>
              {list.hasNextPage && (
                <Button variant="ghost" className="mt-3" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
                  {t("more")}
                </Button>
              )}
            </>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
