"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { CardQuery } from "@/components/console/card-query";
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
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { apiKeyNameSchema } from "@/server/tenancy/schemas";

type NameInput = z.input<typeof apiKeyNameSchema>;

export function ApiKeysManager() {
  const t = useTranslations("settings.apiKeys");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }),
    }),
  );
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<NameInput>({
    resolver: zodResolver(apiKeyNameSchema),
    defaultValues: { name: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const r = await create.mutateAsync(values);
      setSecret({ name: r.name, key: r.key });
      reset({ name: "" });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.settings.onboarding.queryKey() }),
      ]);
    } catch (e) {
      if (!applyFieldErrors(e, ["name"] as const, setError)) setFormError(errors.describe(e));
    }
  });

  return (
    <div className="space-y-8">
      <Card>
        <CardHeader title={t("createTitle")} description={t("createDescription")} />
        <CardBody className="space-y-5">
          {secret && (
            <div className="rounded-md border-2 border-amber-300 bg-amber-50 p-4" role="status" data-testid="api-key-created">
              <p className="text-sm font-semibold text-amber-900">{t("secretTitle", { name: secret.name })}</p>
              <p className="mt-1 text-sm text-amber-900">{t("secretWarning")}</p>
              <div className="mt-3 flex flex-wrap items-center gap-2">
                <code
                  className="min-w-0 flex-1 rounded border border-amber-200 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 select-all"
                  data-testid="api-key-secret"
                >
                  {secret.key}
                </code>
                <CopyButton value={secret.key} label={t("copyKey")} data-testid="api-key-copy" />
              </div>
              <Button variant="secondary" size="sm" className="mt-3" onClick={() => setSecret(null)} data-testid="api-key-secret-done">
                {t("secretDone")}
              </Button>
            </div>
          )}
          {formError && <Alert tone="danger">{formError}</Alert>}
          <form onSubmit={onSubmit} noValidate className="grid items-start gap-4 sm:grid-cols-[minmax(0,24rem)_auto]">
            <Field id="api-key-name" label={t("name")} hint={t("nameHint")} error={errors.field(formState.errors.name?.message)} required>
              <Input {...register("name")} maxLength={60} autoComplete="off" data-testid="api-key-name" />
            </Field>
            <Button type="submit" className="justify-self-start sm:mt-6.5" loading={formState.isSubmitting} data-testid="api-key-create">
              {t("create")}
            </Button>
          </form>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("listTitle")} description={t("listDescription")} />
        <CardQuery
          query={keys}
          isEmpty={(data) => data.length === 0}
          empty={<EmptyState className="border-0 py-6" data-testid="api-keys-empty" title={t("emptyTitle")} description={t("emptyBody")} />}
        >
          {(data) => (
            <Table data-testid="api-keys-table">
              <caption className="sr-only">{t("listTitle")}</caption>
              <THead>
                <Tr>
                  <Th>{t("name")}</Th>
                  <Th>{t("key")}</Th>
                  <Th>{t("created")}</Th>
                  <Th>{t("lastUsed")}</Th>
                  <Th>{t("status")}</Th>
                  <Th className="text-right">
                    <span className="sr-only">{t("actions")}</span>
                  </Th>
                </Tr>
              </THead>
              <TBody>
                {data.map((k) => (
                  <Tr key={k.id} data-testid={`api-key-row-${k.prefix}`}>
                    <Td className="font-medium">{k.name}</Td>
                    <Td>
                      <code className="font-mono text-xs text-slate-600">fx_{k.prefix}_…</code>
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">{format.dateTime(k.createdAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      {k.lastUsedAt ? format.relativeTime(k.lastUsedAt, now) : t("neverUsed")}
                    </Td>
                    <Td>
                      {k.revokedAt ? (
                        <Badge tone="neutral">{t("revoked")}</Badge>
                      ) : (
                        <Badge tone="success">{t("active")}</Badge>
                      )}
                    </Td>
                    <Td className="text-right">
                      {!k.revokedAt && (
                        <ConfirmDialog
                          trigger={
                            <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" data-testid="api-key-revoke">
                              {t("revoke")}
                            </Button>
                          }
                          title={t("revokeTitle", { name: k.name })}
                          description={t("revokeBody")}
                          confirmLabel={t("revokeConfirm")}
                          confirmTestId="api-key-revoke-confirm"
                          onConfirm={() => revoke.mutateAsync({ id: k.id })}
                          describeError={(e) => errors.describe(e, { NOT_FOUND: t("alreadyRevoked") })}
                        />
                      )}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </CardQuery>
      </Card>
    </div>
  );
}
