"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { CardQuery } from "@/components/console/card-query";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { fenToYuan, yuanToFen } from "@/server/promotion/price";
import { formatFen } from "@/components/ui/money";
import type { Level } from "./types";
import { useNetworkErrors } from "./use-network-errors";

const COUNT = /^\d{0,9}$/;

const formSchema = z.object({
  name: z.string().trim().min(1, "level.nameRequired").max(20, "level.nameTooLong"),
  rank: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, "level.rankRange")
    .refine((v) => Number(v) >= 1, "level.rankRange"),
  // Yuan as typed; converted to fen by string parsing (no float maths).
  minGmv: z
    .string()
    .trim()
    .refine((v) => v === "" || yuanToFen(v) !== null, "level.gmvInvalid"),
  minOrders: z.string().trim().regex(COUNT, "level.countInvalid"),
  minDirectCustomers: z.string().trim().regex(COUNT, "level.countInvalid"),
});
type FormValues = z.infer<typeof formSchema>;
/** Server input paths → form fields. */
const SERVER_FIELD = {
  name: "name",
  rank: "rank",
  minGmvFen: "minGmv",
  minOrders: "minOrders",
  minDirectCustomers: "minDirectCustomers",
} as const satisfies Record<string, keyof FormValues>;
const SERVER_PATHS = Object.keys(SERVER_FIELD) as (keyof typeof SERVER_FIELD)[];

const toCount = (v: string) => (v === "" ? null : Number(v));

export function LevelsManager({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("network.levels");
  const trpc = useTRPC();
  const levels = useQuery(trpc.distributors.levels.queryOptions());
  const [editing, setEditing] = useState<Level | "new" | null>(null);

  return (
    <Card>
      <CardHeader
        title={t("title")}
        description={t("description")}
        actions={
          canWrite && (
            <Button onClick={() => setEditing("new")} data-testid="level-add">
              {t("add")}
            </Button>
          )
        }
      />
      {!canWrite && (
        <CardBody className="pb-0">
          <Alert tone="info">{t("readOnly")}</Alert>
        </CardBody>
      )}
      <CardQuery
        query={levels}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyState
            className="border-0"
            data-testid="levels-empty"
            title={t("emptyTitle")}
            description={t("emptyBody")}
            action={
              canWrite && (
                <Button variant="secondary" onClick={() => setEditing("new")}>
                  {t("add")}
                </Button>
              )
            }
          />
        }
      >
        {(data) => <LevelsTable levels={data} canWrite={canWrite} onEdit={setEditing} />}
      </CardQuery>
      <CardBody className="border-t border-slate-100 text-sm text-slate-600">{t("howUpgradesWork")}</CardBody>
      {editing && (
        <LevelDialog
          level={editing === "new" ? null : editing}
          nextRank={Math.max(0, ...(levels.data ?? []).map((l) => l.rank)) + 1}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}

function LevelsTable({ levels, canWrite, onEdit }: { levels: Level[]; canWrite: boolean; onEdit: (l: Level) => void }) {
  const t = useTranslations("network.levels");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useNetworkErrors();
  const remove = useMutation(trpc.distributors.deleteLevel.mutationOptions());
  const none = <span className="text-slate-400">{t("noCondition")}</span>;
  return (
    <Table data-testid="levels-table">
      <caption className="sr-only">{t("title")}</caption>
      <THead>
        <Tr>
          <Th>{t("rank")}</Th>
          <Th>{t("name")}</Th>
          <Th>{t("minGmv")}</Th>
          <Th>{t("minOrders")}</Th>
          <Th>{t("minDirectCustomers")}</Th>
          {canWrite && (
            <Th className="text-right">
              <span className="sr-only">{t("actions")}</span>
            </Th>
          )}
        </Tr>
      </THead>
      <TBody>
        {[...levels]
          .sort((a, b) => b.rank - a.rank)
          .map((l) => (
            <Tr key={l.id} data-testid={`level-row-${l.name}`}>
              <Td className="tabular-nums">{l.rank}</Td>
              <Td className="font-medium">{l.name}</Td>
              <Td className="tabular-nums">{l.minGmvFen === null ? none : `≥ ${formatFen(l.minGmvFen, locale)}`}</Td>
              <Td className="tabular-nums">{l.minOrders === null ? none : `≥ ${l.minOrders}`}</Td>
              <Td className="tabular-nums">{l.minDirectCustomers === null ? none : `≥ ${l.minDirectCustomers}`}</Td>
              {canWrite && (
                <Td className="text-right whitespace-nowrap">
                  <Button variant="ghost" size="sm" onClick={() => onEdit(l)} data-testid={`level-edit-${l.name}`}>
                    {t("edit")}
                  </Button>
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" data-testid={`level-delete-${l.name}`}>
                        {t("delete")}
                      </Button>
                    }
                    title={t("deleteTitle", { name: l.name })}
                    description={t("deleteBody")}
                    confirmLabel={t("deleteConfirm")}
                    confirmTestId="level-delete-confirm"
                    onConfirm={async () => {
                      await remove.mutateAsync({ id: l.id });
                      await queryClient.invalidateQueries(trpc.distributors.pathFilter());
                    }}
                    describeError={(e) => errors.describe(e, { PRECONDITION_FAILED: t("inUse") })}
                  />
                </Td>
              )}
            </Tr>
          ))}
      </TBody>
    </Table>
  );
}

function LevelDialog({ level, nextRank, onClose }: { level: Level | null; nextRank: number; onClose: () => void }) {
  const t = useTranslations("network.levels");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useNetworkErrors();
  const create = useMutation(trpc.distributors.createLevel.mutationOptions());
  const update = useMutation(trpc.distributors.updateLevel.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: level
      ? {
          name: level.name,
          rank: String(level.rank),
          minGmv: level.minGmvFen === null ? "" : fenToYuan(level.minGmvFen),
          minOrders: level.minOrders === null ? "" : String(level.minOrders),
          minDirectCustomers: level.minDirectCustomers === null ? "" : String(level.minDirectCustomers),
        }
      : { name: "", rank: String(Math.min(99, nextRank)), minGmv: "", minOrders: "", minDirectCustomers: "" },
  });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const input = {
      name: v.name,
      rank: Number(v.rank),
      minGmvFen: v.minGmv === "" ? null : yuanToFen(v.minGmv),
      minOrders: toCount(v.minOrders),
      minDirectCustomers: toCount(v.minDirectCustomers),
    };
    try {
      if (level) await update.mutateAsync({ ...input, id: level.id });
      else await create.mutateAsync(input);
      await queryClient.invalidateQueries(trpc.distributors.pathFilter());
      onClose();
    } catch (e) {
      const onField = applyFieldErrors(e, SERVER_PATHS, (path, err, opts) => setError(SERVER_FIELD[path], err, opts));
      if (!onField) setFormError(errors.describe(e));
    }
  });

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      busy={formState.isSubmitting}
      size="lg"
      title={level ? t("editTitle", { name: level.name }) : t("addTitle")}
      description={t("formDescription")}
      data-testid="level-dialog"
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
        {formError && (
          <Alert tone="danger" className="sm:col-span-2">
            {formError}
          </Alert>
        )}
        <Field id="level-name" label={t("name")} hint={t("nameHint")} error={errors.field(fe.name?.message)} required>
          <Input {...register("name")} maxLength={20} autoComplete="off" data-testid="level-name" />
        </Field>
        <Field id="level-rank" label={t("rank")} hint={t("rankHint")} error={errors.field(fe.rank?.message)} required>
          <Input {...register("rank")} inputMode="numeric" maxLength={2} data-testid="level-rank" />
        </Field>
        <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold text-slate-900">{t("conditions")}</legend>
          <Field id="level-gmv" label={t("minGmvYuan")} error={errors.field(fe.minGmv?.message)}>
            <Input {...register("minGmv")} inputMode="decimal" placeholder={t("optional")} data-testid="level-min-gmv" />
          </Field>
          <Field id="level-orders" label={t("minOrders")} error={errors.field(fe.minOrders?.message)}>
            <Input {...register("minOrders")} inputMode="numeric" placeholder={t("optional")} data-testid="level-min-orders" />
          </Field>
          <Field id="level-customers" label={t("minDirectCustomers")} error={errors.field(fe.minDirectCustomers?.message)}>
            <Input
              {...register("minDirectCustomers")}
              inputMode="numeric"
              placeholder={t("optional")}
              data-testid="level-min-customers"
            />
          </Field>
          <p className="text-xs text-slate-500 sm:col-span-3">{t("conditionsHint")}</p>
        </fieldset>
        <DialogFooter className="sm:col-span-2">
          <Button variant="secondary" disabled={formState.isSubmitting} onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" loading={formState.isSubmitting} data-testid="level-submit">
            {t("save")}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
