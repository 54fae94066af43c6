"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { LoadError, Loading } from "@/components/console/query-states";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { fenToYuan, yuanToFen } from "@/server/promotion/price";
import { productInputSchema } from "@/server/promotion/schemas";
import { Pager } from "./pager";
import { useDebounced } from "./use-debounced";
import { useFieldError } from "./use-field-error";

const PAGE_SIZE = 20;
type Status = "active" | "archived" | "all";

/** The form takes the price in yuan as typed; it becomes fen by string parsing, never floats. */
const formSchema = productInputSchema.omit({ priceFen: true }).extend({
  price: z.string().refine((v) => yuanToFen(v) !== null, "price.invalid"),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;
const FIELDS = ["sku", "name", "category", "price", "imageUrl"] as const;

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  priceFen: number;
  imageUrl: string | null;
  status: "active" | "archived";
  updatedAt: Date;
}

export function ProductManager({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("promotion.console.products");
  const trpc = useTRPC();
  const format = useFormatter();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status>("active");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ProductRow | "new" | null>(null);
  const term = useDebounced(search.trim());
  const list = useQuery({
    ...trpc.products.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      search: term || undefined,
      status,
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="space-y-6">
      {editing && (
        <ProductForm
          key={editing === "new" ? "new" : editing.id}
          product={editing === "new" ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <Card>
        <CardHeader
          title={t("title")}
          description={t("description")}
          actions={
            canWrite && !editing ? (
              <Button onClick={() => setEditing("new")} data-testid="product-new">
                {t("new")}
              </Button>
            ) : undefined
          }
        />
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-6 py-3">
          <Input
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            placeholder={t("search")}
            aria-label={t("searchLabel")}
            className="max-w-xs"
            data-testid="product-search"
          />
          <div className="w-36">
            <Select
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as Status);
                setPage(1);
              }}
              aria-label={t("statusFilter")}
              data-testid="product-status-filter"
            >
              {(["active", "archived", "all"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {list.isPending ? (
          <CardBody>
            <Loading />
          </CardBody>
        ) : list.isError ? (
          <CardBody>
            <LoadError error={list.error} onRetry={() => void list.refetch()} />
          </CardBody>
        ) : list.data.items.length === 0 ? (
          <CardBody>
            <EmptyState
              className="border-0 py-8"
              title={term || status !== "active" ? t("noMatches") : t("emptyTitle")}
              description={term || status !== "active" ? undefined : t("emptyBody")}
            />
          </CardBody>
        ) : (
          <>
            <Table data-testid="product-table" aria-busy={list.isFetching || undefined}>
              <caption className="sr-only">{t("title")}</caption>
              <THead>
                <Tr>
                  <Th>{t("name")}</Th>
                  <Th>{t("sku")}</Th>
                  <Th>{t("category")}</Th>
                  <Th className="text-right">{t("price")}</Th>
                  <Th>{t("state")}</Th>
                  <Th>{t("updated")}</Th>
                  <Th className="text-right">
                    <span className="sr-only">{t("actions")}</span>
                  </Th>
                </Tr>
              </THead>
              <TBody>
                {list.data.items.map((p) => (
                  <Tr key={p.id} data-testid={`product-row-${p.sku}`}>
                    <Td className="font-medium">
                      <div className="flex items-center gap-3">
                        {p.imageUrl ? (
                          // eslint-disable-next-line @next/next/no-img-element -- brand-supplied URLs of any host
                          <img
                            src={p.imageUrl}
                            alt=""
                            className="size-9 rounded object-cover ring-1 ring-slate-200"
                          />
                        ) : (
                          <span
                            aria-hidden="true"
                            className="grid size-9 place-items-center rounded bg-slate-100 text-slate-500"
                          >
                            {Array.from(p.name)[0]}
                          </span>
                        )}
                        {p.name}
                      </div>
                    </Td>
                    <Td className="font-mono text-xs">{p.sku}</Td>
                    <Td className="text-slate-600">{p.category ?? "—"}</Td>
                    <Td className="text-right tabular-nums">
                      {format.number(p.priceFen / 100, { style: "currency", currency: "CNY" })}
                    </Td>
                    <Td>
                      <Badge tone={p.status === "active" ? "success" : "neutral"}>
                        {t(`status.${p.status}`)}
                      </Badge>
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      {format.dateTime(p.updatedAt, { dateStyle: "medium" })}
                    </Td>
                    <Td className="text-right whitespace-nowrap">
                      {canWrite && <ProductActions product={p} onEdit={() => setEditing(p)} />}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            <Pager
              page={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onPage={setPage}
              busy={list.isFetching}
            />
          </>
        )}
      </Card>
    </div>
  );
}

function useInvalidateProducts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.products.list.pathKey() });
}

function ProductActions({ product, onEdit }: { product: ProductRow; onEdit: () => void }) {
  const t = useTranslations("promotion.console.products");
  const trpc = useTRPC();
  const errors = useErrorMessages();
  const invalidate = useInvalidateProducts();
  const archive = useMutation(
    trpc.products.archive.mutationOptions({ onSuccess: () => invalidate() }),
  );
  const restore = useMutation(
    trpc.products.restore.mutationOptions({ onSuccess: () => invalidate() }),
  );
  return (
    <div className="flex justify-end gap-1">
      <Button variant="ghost" size="sm" onClick={onEdit} data-testid="product-edit">
        {t("edit")}
      </Button>
      {product.status === "active" ? (
        <ConfirmDialog
          trigger={
            <Button
              variant="ghost"
              size="sm"
              className="text-red-700 hover:bg-red-50"
              data-testid="product-archive"
            >
              {t("archive")}
            </Button>
          }
          title={t("archiveTitle", { name: product.name })}
          description={t("archiveBody")}
          confirmLabel={t("archive")}
          confirmTestId="product-archive-confirm"
          onConfirm={() => archive.mutateAsync({ id: product.id })}
          describeError={(e) => errors.describe(e)}
        />
      ) : (
        <Button
          variant="ghost"
          size="sm"
          loading={restore.isPending}
          onClick={() => restore.mutate({ id: product.id })}
          data-testid="product-restore"
        >
          {t("restore")}
        </Button>
      )}
    </div>
  );
}

function ProductForm({ product, onDone }: { product: ProductRow | null; onDone: () => void }) {
  const t = useTranslations("promotion.console.products");
  const trpc = useTRPC();
  const errors = useErrorMessages();
  const fieldError = useFieldError();
  const invalidate = useInvalidateProducts();
  const create = useMutation(trpc.products.create.mutationOptions());
  const update = useMutation(trpc.products.update.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: product
      ? {
          sku: product.sku,
          name: product.name,
          category: product.category ?? "",
          price: fenToYuan(product.priceFen),
          imageUrl: product.imageUrl ?? "",
        }
      : { sku: "", name: "", category: "", price: "", imageUrl: "" },
    mode: "onTouched",
  });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async ({ price, ...values }) => {
    setFormError(null);
    const input = { ...values, priceFen: yuanToFen(price)! };
    try {
      if (product) await update.mutateAsync({ id: product.id, ...input });
      else await create.mutateAsync(input);
      await invalidate();
      onDone();
    } catch (e) {
      const mapped = applyFieldErrors(e, [...FIELDS, "priceFen"] as const, (name, err, opts) =>
        setError(name === "priceFen" ? "price" : name, err, opts),
      );
      if (!mapped) setFormError(errors.describe(e));
    }
  });

  return (
    <Card data-testid="product-form">
      <CardHeader title={product ? t("editTitle") : t("newTitle")} />
      <CardBody>
        {formError && (
          <Alert tone="danger" className="mb-4">
            {formError}
          </Alert>
        )}
        <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
          <Field id="product-name" label={t("name")} error={fieldError(fe.name?.message)} required>
            <Input {...register("name")} autoComplete="off" data-testid="product-name" />
          </Field>
          <Field id="product-sku" label={t("sku")} error={fieldError(fe.sku?.message)} required>
            <Input
              {...register("sku")}
              autoComplete="off"
              className="font-mono"
              data-testid="product-sku"
            />
          </Field>
          <Field
            id="product-price"
            label={t("price")}
            hint={t("priceHint")}
            error={fieldError(fe.price?.message)}
            required
          >
            <Input
              {...register("price")}
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.00"
              data-testid="product-price"
            />
          </Field>
          <Field
            id="product-category"
            label={t("category")}
            error={fieldError(fe.category?.message)}
          >
            <Input {...register("category")} autoComplete="off" data-testid="product-category" />
          </Field>
          <Field
            id="product-image"
            label={t("imageUrl")}
            hint={t("imageHint")}
            error={fieldError(fe.imageUrl?.message)}
            className="sm:col-span-2"
          >
            <Input
              {...register("imageUrl")}
              autoComplete="off"
              placeholder="https://"
              data-testid="product-image"
            />
          </Field>
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit" loading={formState.isSubmitting} data-testid="product-submit">
              {product ? t("save") : t("create")}
            </Button>
            <Button variant="secondary" onClick={onDone} disabled={formState.isSubmitting}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
