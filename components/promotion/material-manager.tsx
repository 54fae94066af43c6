"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { materialInputSchema } from "@/server/promotion/schemas";
import { ArchiveButton } from "./archive-button";
import { FormButtons, useSaveForm } from "./manager-form";
import { ManagerList, useInvalidateList } from "./manager-list";
import { Pager } from "./pager";
import { UploadButton } from "./upload-button";
import { useFieldError } from "./use-field-error";

const PAGE_SIZE = 20;
type Kind = "copy" | "image";
type FormInput = z.input<typeof materialInputSchema>;
type FormOutput = z.output<typeof materialInputSchema>;
const FIELDS = ["kind", "title", "body", "imageUrl", "productId"] as const;

export function MaterialManager({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("promotion.console.materials");
  const trpc = useTRPC();
  const format = useFormatter();
  const [kind, setKind] = useState<Kind | "">("");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    ...trpc.materials.list.queryOptions({ page, pageSize: PAGE_SIZE, kind: kind || undefined }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="space-y-6">
      {creating && <MaterialForm onDone={() => setCreating(false)} />}
      <ManagerList
        title={t("title")}
        description={t("description")}
        newButton={
          canWrite && !creating
            ? { label: t("new"), testId: "material-new", onClick: () => setCreating(true) }
            : undefined
        }
        toolbar={
          <div className="w-40">
            <Select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind | "");
                setPage(1);
              }}
              aria-label={t("kind")}
              data-testid="material-kind-filter"
            >
              <option value="">{t("allKinds")}</option>
              <option value="copy">{t("kinds.copy")}</option>
              <option value="image">{t("kinds.image")}</option>
            </Select>
          </div>
        }
        query={list}
        isEmpty={(data) => data.items.length === 0}
        empty={{ title: t("emptyTitle"), description: t("emptyBody") }}
      >
        {(data) => (
          <>
            <ul
              className="divide-y divide-slate-100"
              data-testid="material-list"
              aria-busy={list.isFetching || undefined}
            >
              {data.items.map((m) => (
                <li key={m.id} className="flex gap-4 px-6 py-4" data-testid={`material-${m.id}`}>
                  {m.kind === "image" && m.imageUrl && (
                    // eslint-disable-next-line @next/next/no-img-element -- brand-supplied URLs of any host
                    <img
                      src={m.imageUrl}
                      alt=""
                      className="size-16 shrink-0 rounded object-cover ring-1 ring-slate-200"
                    />
                  )}
                  <div className="min-w-0 flex-1 space-y-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium text-slate-900">{m.title}</span>
                      <Badge tone={m.kind === "copy" ? "info" : "brand"}>
                        {t(`kinds.${m.kind}`)}
                      </Badge>
                      {m.productName && <Badge>{m.productName}</Badge>}
                    </div>
                    {m.body && (
                      <p className="text-sm whitespace-pre-line text-slate-700">{m.body}</p>
                    )}
                    <p className="text-xs text-slate-500">
                      {t("created", {
                        date: format.dateTime(m.createdAt, { dateStyle: "medium" }),
                      })}
                    </p>
                  </div>
                  <div className="flex shrink-0 items-start gap-1">
                    {m.body && <CopyButton value={m.body} />}
                    {canWrite && <ArchiveMaterial id={m.id} title={m.title} />}
                  </div>
                </li>
              ))}
            </ul>
            <Pager
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onPage={setPage}
              busy={list.isFetching}
            />
          </>
        )}
      </ManagerList>
    </div>
  );
}

function ArchiveMaterial({ id, title }: { id: string; title: string }) {
  const t = useTranslations("promotion.console.materials");
  const trpc = useTRPC();
  const invalidate = useInvalidateList(trpc.materials.list.pathKey());
  const archive = useMutation(
    trpc.materials.archive.mutationOptions({ onSuccess: () => invalidate() }),
  );
  return (
    <ArchiveButton
      label={t("archive")}
      title={t("archiveTitle", { title })}
      description={t("archiveBody")}
      testId="material-archive"
      onArchive={() => archive.mutateAsync({ id })}
    />
  );
}

function MaterialForm({ onDone }: { onDone: () => void }) {
  const t = useTranslations("promotion.console.materials");
  const trpc = useTRPC();
  const fieldError = useFieldError();
  const invalidate = useInvalidateList(trpc.materials.list.pathKey());
  const products = useQuery(trpc.products.list.queryOptions({ pageSize: 100, status: "active" }));
  const create = useMutation(trpc.materials.create.mutationOptions());
  const { register, handleSubmit, setError, setValue, formState, control } = useForm<
    FormInput,
    unknown,
    FormOutput
  >({
    resolver: zodResolver(materialInputSchema),
    defaultValues: { kind: "copy", title: "", body: "", imageUrl: "", productId: null },
    mode: "onTouched",
  });
  const { formError, save } = useSaveForm(FIELDS, setError);
  const fe = formState.errors;
  const kind = useWatch({ control, name: "kind" });

  const onSubmit = handleSubmit((values) =>
    save(async () => {
      await create.mutateAsync(values);
      await invalidate();
      onDone();
    }),
  );

  return (
    <Card data-testid="material-form">
      <CardHeader title={t("newTitle")} />
      <CardBody>
        {formError && (
          <Alert tone="danger" className="mb-4">
            {formError}
          </Alert>
        )}
        <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
          <Field id="material-kind" label={t("kind")} required>
            <Select {...register("kind")} data-testid="material-kind">
              <option value="copy">{t("kinds.copy")}</option>
              <option value="image">{t("kinds.image")}</option>
            </Select>
          </Field>
          <Field
            id="material-product"
            label={t("product")}
            error={fieldError(fe.productId?.message)}
          >
            <Select
              {...register("productId", { setValueAs: (v: string) => (v ? v : null) })}
              disabled={products.isPending}
              data-testid="material-product"
            >
              <option value="">{t("noProduct")}</option>
              {products.data?.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.sku})
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="material-title"
            label={t("titleLabel")}
            error={fieldError(fe.title?.message)}
            required
            className="sm:col-span-2"
          >
            <Input {...register("title")} autoComplete="off" data-testid="material-title" />
          </Field>
          <Field
            id="material-body"
            label={t("body")}
            hint={t("bodyHint")}
            error={fieldError(fe.body?.message)}
            required={kind === "copy"}
            className="sm:col-span-2"
          >
            <Textarea {...register("body")} rows={4} data-testid="material-body" />
          </Field>
          {kind === "image" && (
            <Field
              id="material-image"
              label={t("imageUrl")}
              error={fieldError(fe.imageUrl?.message)}
              required
              className="sm:col-span-2"
            >
              <div className="flex items-start gap-2">
                <Input
                  {...register("imageUrl")}
                  autoComplete="off"
                  placeholder="https://"
                  data-testid="material-image"
                />
                <UploadButton
                  testId="material-image-upload"
                  onUploaded={(url) => setValue("imageUrl", url, { shouldDirty: true, shouldValidate: true })}
                />
              </div>
            </Field>
          )}
          <FormButtons
            submitting={formState.isSubmitting}
            submitLabel={t("create")}
            cancelLabel={t("cancel")}
            onCancel={onDone}
            testId="material-submit"
          />
        </form>
      </CardBody>
    </Card>
  );
}
