"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { CardQuery } from "@/components/console/card-query";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from "@/server/webhooks/events";
import { endpointInputSchema, type EndpointInput } from "@/server/webhooks/schemas";
import { DELIVERIES_SPEC, DELIVERY_EVENT_TYPES } from "./deliveries-spec";

/** A field error key of the webhooks service, in words; other keys go to the shared messages. */
function useFieldText() {
  const t = useTranslations("webhooks.errors");
  const errors = useErrorMessages();
  return (key?: string) => (key && t.has(key) ? t(key) : errors.field(key));
}

function SecretBanner({ secret, title, onDone }: { secret: string; title: string; onDone: () => void }) {
  const t = useTranslations("webhooks");
  return (
    <div className="rounded-md border-2 border-amber-300 bg-amber-50 p-4" role="status" data-testid="webhook-secret-shown">
      <p className="text-sm font-semibold text-amber-900">{title}</p>
      <p className="mt-1 text-sm text-amber-900">{t("secretWarning")}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 rounded border border-amber-200 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 select-all" data-testid="webhook-secret">
          {secret}
        </code>
        <CopyButton value={secret} label={t("copySecret")} data-testid="webhook-secret-copy" />
      </div>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone} data-testid="webhook-secret-done">
        {t("secretDone")}
      </Button>
    </div>
  );
}

function CreateEndpoint({ onSecret }: { onSecret: (secret: string, title: string) => void }) {
  const t = useTranslations("webhooks");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const fieldText = useFieldText();
  const create = useMutation(trpc.webhooks.create.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<EndpointInput>({
    resolver: zodResolver(endpointInputSchema),
    defaultValues: { url: "", description: "", events: [], enabled: true },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const r = await create.mutateAsync(values);
      onSecret(r.secret, t("secretTitle", { url: r.endpoint.url }));
      reset({ url: "", description: "", events: [], enabled: true });
      await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
    } catch (e) {
      if (!applyFieldErrors(e, ["url", "events", "description"] as const, setError)) setFormError(errors.describe(e));
    }
  });
  return (
    <Card>
      <CardHeader title={t("createTitle")} description={t("createDescription")} />
      <CardBody>
        {formError && <Alert tone="danger">{formError}</Alert>}
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="webhook-url" label={t("url")} hint={t("urlHint")} error={fieldText(formState.errors.url?.message)} required>
              <Input {...register("url")} type="url" placeholder="https://example.com/fenxiao/webhooks" autoComplete="off" data-testid="webhook-url" />
            </Field>
            <Field id="webhook-description" label={t("description")} error={fieldText(formState.errors.description?.message)}>
              <Input {...register("description")} maxLength={200} autoComplete="off" data-testid="webhook-description" />
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">{t("events")}</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {WEBHOOK_EVENT_TYPES.map((type) => (
                <label key={type} className="flex items-center gap-2 text-sm text-slate-700">
                  <Checkbox value={type} {...register("events")} data-testid={`webhook-event-${type}`} />
                  <span className="font-mono text-xs">{type}</span>
                </label>
              ))}
            </div>
            {formState.errors.events && <p className="mt-1 text-sm text-red-700">{fieldText(formState.errors.events.message) ?? t("errors.pickEvents")}</p>}
          </fieldset>
          <Button type="submit" loading={formState.isSubmitting} data-testid="webhook-create">
            {t("create")}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function Endpoints({ onSecret }: { onSecret: (secret: string, title: string) => void }) {
  const t = useTranslations("webhooks");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() }),
    ]);
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSuccess: refresh }));
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader title={t("listTitle")} description={t("listDescription")} />
      {notice && (
        <div className="px-6 pb-2">
          <Alert tone="info">{notice}</Alert>
        </div>
      )}
      <CardQuery
        query={endpoints}
        isEmpty={(data) => data.length === 0}
        empty={<EmptyState className="border-0 py-6" data-testid="webhooks-empty" title={t("emptyTitle")} description={t("emptyBody")} />}
      >
        {(data) => (
          <Table data-testid="webhooks-table">
            <caption className="sr-only">{t("listTitle")}</caption>
            <THead>
              <Tr>
                <Th>{t("url")}</Th>
                <Th>{t("events")}</Th>
                <Th>{t("status")}</Th>
                <Th>{t("created")}</Th>
                <Th className="text-right">
                  <span className="sr-only">{t("actions")}</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {data.map((e) => (
                <Tr key={e.id} data-testid={`webhook-row-${e.id}`}>
                  <Td className="max-w-xs">
                    <div className="font-mono text-xs break-all text-slate-900">{e.url}</div>
                    {e.description && <div className="text-xs text-slate-500">{e.description}</div>}
                  </Td>
                  <Td className="text-xs text-slate-600">{e.events.length === WEBHOOK_EVENT_TYPES.length ? t("allEvents") : e.events.join(", ")}</Td>
                  <Td>
                    {e.enabled ? (
                      <Badge tone="success">{t("enabled")}</Badge>
                    ) : (
                      <Badge tone={e.disabledReason === "failures" ? "danger" : "neutral"}>{e.disabledReason === "failures" ? t("disabledFailures") : t("disabled")}</Badge>
                    )}
                    {e.consecutiveFailures > 0 && <div className="mt-1 text-xs text-red-700">{t("failures", { n: e.consecutiveFailures })}</div>}
                    {e.previousSecretExpiresAt && new Date(e.previousSecretExpiresAt) > new Date() && (
                      <div className="mt-1 text-xs text-slate-500">{t("oldSecretUntil", { at: format.dateTime(new Date(e.previousSecretExpiresAt), { dateStyle: "short", timeStyle: "short" }) })}</div>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap text-slate-600">{format.dateTime(new Date(e.createdAt), { dateStyle: "medium" })}</Td>
                  <Td className="text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="sm"
                      data-testid="webhook-test"
                      onClick={() => {
                        setNotice(null);
                        test.mutate({ id: e.id }, { onSuccess: () => setNotice(t("testQueued")), onError: (err) => setNotice(errors.describe(err)) });
                      }}
                    >
                      {t("sendTest")}
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      data-testid="webhook-toggle"
                      onClick={() => update.mutate({ id: e.id, patch: { enabled: !e.enabled } }, { onError: (err) => setNotice(errors.describe(err)) })}
                    >
                      {e.enabled ? t("disable") : t("enable")}
                    </Button>
                    <ConfirmDialog
                      tone="primary"
                      trigger={
                        <Button variant="ghost" size="sm" data-testid="webhook-rotate">
                          {t("rotate")}
                        </Button>
                      }
                      title={t("rotateTitle")}
                      description={t("rotateBody")}
                      confirmLabel={t("rotateConfirm")}
                      confirmTestId="webhook-rotate-confirm"
                      onConfirm={async () => {
                        const r = await rotate.mutateAsync({ id: e.id, graceHours: 24 });
                        onSecret(r.secret, t("rotatedTitle", { url: e.url }));
                      }}
                      describeError={(err) => errors.describe(err)}
                    />
                    <ConfirmDialog
                      trigger={
                        <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" data-testid="webhook-delete">
                          {t("delete")}
                        </Button>
                      }
                      title={t("deleteTitle")}
                      description={t("deleteBody", { url: e.url })}
                      confirmLabel={t("deleteConfirm")}
                      confirmTestId="webhook-delete-confirm"
                      onConfirm={() => remove.mutateAsync({ id: e.id })}
                      describeError={(err) => errors.describe(err)}
                    />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </CardQuery>
    </Card>
  );
}

type DeliveryRow = {
  id: string;
  type: string;
  endpointUrl: string;
  status: (typeof DELIVERY_STATUSES)[number];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | string;
  deliveredAt: Date | string | null;
  createdAt: Date | string;
};
const column = dataTableColumns<DeliveryRow>();
const STATUS_TONE = { pending: "warning", succeeded: "success", failed: "danger" } as const;

function Deliveries() {
  const t = useTranslations("webhooks.deliveries");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const table = useDataTableState(DELIVERIES_SPEC);
  const query = useQuery(trpc.webhooks.deliveries.queryOptions(listInput(DELIVERIES_SPEC, table.state), { placeholderData: keepPreviousData }));
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  const redeliver = useMutation(trpc.webhooks.redeliver.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() }) }));
  const [error, setError] = useState<string | null>(null);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("createdAt", {
          header: () => t("createdAt"),
          cell: ({ getValue }) => <span className="whitespace-nowrap text-slate-600">{format.dateTime(new Date(getValue()), { dateStyle: "short", timeStyle: "medium" })}</span>,
        }),
        column.accessor("type", { header: () => t("type"), cell: ({ getValue }) => <span className="font-mono text-xs">{getValue()}</span> }),
        column.accessor("endpointUrl", { header: () => t("endpoint"), cell: ({ getValue }) => <span className="font-mono text-xs break-all text-slate-600">{getValue()}</span> }),
        column.accessor("status", { header: () => t("status"), cell: ({ getValue }) => <Badge tone={STATUS_TONE[getValue()]}>{t(`statuses.${getValue()}`)}</Badge> }),
        column.accessor("attempts", { header: () => t("attempts"), meta: { align: "right" } }),
        column.accessor("lastStatusCode", {
          header: () => t("response"),
          cell: ({ row }) => (
            <span className="text-xs text-slate-600" title={row.original.lastError ?? undefined}>
              {row.original.lastStatusCode ?? (row.original.lastError ? t("noAnswer") : "—")}
            </span>
          ),
        }),
        column.display({
          id: "actions",
          header: () => <span className="sr-only">{t("actions")}</span>,
          cell: ({ row }) => (
            <Button
              variant="ghost"
              size="sm"
              data-testid={`webhook-redeliver-${row.original.id}`}
              onClick={() => {
                setError(null);
                redeliver.mutate({ id: row.original.id }, { onError: (e) => setError(errors.describe(e)) });
              }}
            >
              {t("redeliver")}
            </Button>
          ),
        }),
      ]),
    [t, format, redeliver, errors],
  );
  const filters: FilterControl[] = useMemo(
    () => [
      { kind: "select", key: "endpointId", label: t("endpoint"), options: (endpoints.data ?? []).map((e) => ({ value: e.id, label: e.url })) },
      { kind: "select", key: "status", label: t("status"), options: DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })) },
      { kind: "select", key: "type", label: t("type"), options: DELIVERY_EVENT_TYPES.map((s) => ({ value: s, label: s })) },
    ],
    [t, endpoints.data],
  );
  return (
    <section className="space-y-3">
      <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
      <p className="text-sm text-slate-600">{t("description")}</p>
      {error && <Alert tone="danger">{error}</Alert>}
      <DataTable
        table={table}
        query={query}
        columns={columns}
        filters={filters}
        getRowId={(row) => row.id}
        rowTestId={(row) => `webhook-delivery-${row.id}`}
        exportPath="/console/export/webhook-deliveries"
        caption={t("title")}
        testId="webhook-deliveries"
        empty={<EmptyState className="border-0 py-6" title={t("emptyTitle")} description={t("emptyBody")} />}
      />
    </section>
  );
}

export function WebhooksManager() {
  const t = useTranslations("webhooks");
  const [secret, setSecret] = useState<{ secret: string; title: string } | null>(null);
  const show = (s: string, title: string) => setSecret({ secret: s, title });
  return (
    <div className="space-y-8">
      <p className="text-sm text-slate-600">
        {t("intro")}{" "}
        <a href="/docs/api#webhooks" className="text-brand-700 hover:underline">
          {t("docsLink")}
        </a>
      </p>
      {secret && <SecretBanner secret={secret.secret} title={secret.title} onDone={() => setSecret(null)} />}
      <CreateEndpoint onSecret={show} />
      <Endpoints onSecret={show} />
      <Deliveries />
    </div>
  );
}
