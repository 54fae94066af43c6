"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { formatFen } from "@/components/ui/money";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { BUY_CHANNELS, type BuyChannel, type ProductBuyLinks } from "@/server/promotion/buy-links";
import { fenToYuan, yuanToFen } from "@/server/promotion/price";
import { productInputSchema } from "@/server/promotion/schemas";
import { ArchiveButton } from "./archive-button";
import { FormButtons, useSaveForm } from "./manager-form";
import { ManagerList, useInvalidateList } from "./manager-list";
import { Pager } from "./pager";
import { useDebounced } from "./use-debounced";
import { UploadButton } from "./upload-button";
import { useFieldError } from "./use-field-error";

const PAGE_SIZE = 20;
type Status = "active" | "archived" | "all";

/** The form takes the price in yuan as typed; it becomes fen by string parsing, never floats. */
const formSchema = productInputSchema.omit({ priceFen: true }).extend({
  price: z.string().refine((v) => yuanToFen(v) !== null, "price.invalid"),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;
const FIELDS = [
  "sku",
  "name",
  "category",
  "price",
  "imageUrl",
  ...BUY_CHANNELS.map((c) => `buyLinks.${c}` as const),
] as const;
const emptyLinks = (links: ProductBuyLinks = {}) =>
  Object.fromEntries(BUY_CHANNELS.map((c) => [c, links[c] ?? ""])) as Record<BuyChannel, string>;

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  priceFen: number;
  imageUrl: string | null;
  buyLinks: ProductBuyLinks;
  status: "active" | "archived";
  updatedAt: Date;
}

export function ProductManager({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("promotion.console.products");
  const trpc = useTRPC();
  const format = useFormatter();
  const locale = useLocale();
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
      <ManagerList
        title={t("title")}
        description={t("description")}
        newButton={
          canWrite && !editing
            ? { label: t("new"), testId: "product-new", onClick: () => setEditing("new") }
            : undefined
        }
        toolbar={
          <>
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
          </>
        }
        query={list}
        isEmpty={(data) => data.items.length === 0}
        empty={
          term || status !== "active"
            ? { title: t("noMatches") }
            : { title: t("emptyTitle"), description: t("emptyBody") }
        }
      >
        {(data) => (
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
                {data.items.map((p) => (
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
                      {formatFen(p.priceFen, locale)}
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

function ProductActions({ product, onEdit }: { product: ProductRow; onEdit: () => void }) {
  const t = useTranslations("promotion.console.products");
  const trpc = useTRPC();
  const invalidate = useInvalidateList(trpc.products.list.pathKey());
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
        <ArchiveButton
          label={t("archive")}
          title={t("archiveTitle", { name: product.name })}
          description={t("archiveBody")}
          testId="product-archive"
          onArchive={() => archive.mutateAsync({ id: product.id })}
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
  const fieldError = useFieldError();
  const invalidate = useInvalidateList(trpc.products.list.pathKey());
  const create = useMutation(trpc.products.create.mutationOptions());
  const update = useMutation(trpc.products.update.mutationOptions());
  const { register, handleSubmit, setError, setValue, formState } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: product
      ? {
          sku: product.sku,
          name: product.name,
          category: product.category ?? "",
          price: fenToYuan(product.priceFen),
          imageUrl: product.imageUrl ?? "",
          buyLinks: emptyLinks(product.buyLinks),
        }
      : { sku: "", name: "", category: "", price: "", imageUrl: "", buyLinks: emptyLinks() },
    mode: "onTouched",
  });
  // The server names the price field priceFen; the form's field is price.
  const { formError, save } = useSaveForm([...FIELDS, "priceFen"] as const, (name, err, opts) =>
    setError(name === "priceFen" ? "price" : name, err, opts),
  );
  const fe = formState.errors;

  const onSubmit = handleSubmit(({ price, ...values }) =>
    save(async () => {
      const input = { ...values, priceFen: yuanToFen(price)! };
      if (product) await update.mutateAsync({ id: product.id, ...input });
      else await create.mutateAsync(input);
      await invalidate();
      onDone();
    }),
  );

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
            <div className="flex items-start gap-2">
              <Input
                {...register("imageUrl")}
                autoComplete="off"
                placeholder="https://"
                data-testid="product-image"
              />
              <UploadButton
                testId="product-image-upload"
                onUploaded={(url) => setValue("imageUrl", url, { shouldDirty: true, shouldValidate: true })}
              />
            </div>
          </Field>
          <div className="sm:col-span-2">
            <h3 className="text-sm font-semibold text-slate-900">{t("buyLinks")}</h3>
            <p className="mt-1 text-sm text-slate-600">{t("buyLinksHint")}</p>
          </div>
          {BUY_CHANNELS.map((c) => (
            <Field key={c} id={`product-buy-${c}`} label={t(`buyLink.${c}`)} error={fieldError(fe.buyLinks?.[c]?.message)}>
              <Input
                {...register(`buyLinks.${c}`)}
                autoComplete="off"
                placeholder={c === "miniProgram" ? "pages/goods/detail?id=" : "https://"}
                data-testid={`product-buy-${c}`}
              />
            </Field>
          ))}
          <FormButtons
            submitting={formState.isSubmitting}
            submitLabel={product ? t("save") : t("create")}
            cancelLabel={t("cancel")}
            onCancel={onDone}
            testId="product-submit"
          />
        </form>
      </CardBody>
    </Card>
  );
}
