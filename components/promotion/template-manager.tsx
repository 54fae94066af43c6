"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { templateInputSchema } from "@/server/promotion/schemas";
import { ArchiveButton } from "./archive-button";
import { FormButtons, useSaveForm } from "./manager-form";
import { ManagerList, useInvalidateList } from "./manager-list";
import { UploadButton } from "./upload-button";
import { useFieldError } from "./use-field-error";

type FormInput = z.input<typeof templateInputSchema>;
type FormOutput = z.output<typeof templateInputSchema>;
const FIELDS = ["name", "backgroundUrl", "headline", "textColor", "accentColor"] as const;

interface TemplateRow {
  id: string;
  name: string;
  backgroundUrl: string | null;
  headline: string | null;
  layout: { textColor: string; accentColor: string };
  isDefault: boolean;
}

/** A small picture of what the template looks like: background (or gradient) and headline. */
function TemplatePreview({
  template,
  brandName,
}: {
  template: Omit<TemplateRow, "id" | "isDefault" | "name">;
  brandName: string;
}) {
  const { textColor, accentColor } = template.layout;
  const background = template.backgroundUrl
    ? `center / cover no-repeat url("${template.backgroundUrl.replace(/"/g, "%22")}")`
    : `linear-gradient(135deg, ${accentColor}, color-mix(in srgb, ${accentColor} 55%, black))`;
  return (
    <div
      aria-hidden="true"
      className="flex aspect-[9/16] w-24 shrink-0 flex-col items-center rounded-md px-2 pt-3 shadow-inner ring-1 ring-slate-200"
      style={{ background }}
    >
      <span
        className="line-clamp-2 text-center text-[10px] leading-tight font-semibold"
        style={{ color: textColor }}
      >
        {template.headline || brandName}
      </span>
      <span className="mt-auto mb-2 h-6 w-full rounded-sm bg-white/95" />
    </div>
  );
}

export function TemplateManager({ canWrite, brandName }: { canWrite: boolean; brandName: string }) {
  const t = useTranslations("promotion.console.posters");
  const trpc = useTRPC();
  const list = useQuery(trpc.posterTemplates.list.queryOptions());
  const [editing, setEditing] = useState<TemplateRow | "new" | null>(null);
  return (
    <div className="space-y-6">
      {editing && (
        <TemplateForm
          key={editing === "new" ? "new" : editing.id}
          template={editing === "new" ? null : editing}
          brandName={brandName}
          onDone={() => setEditing(null)}
        />
      )}
      <ManagerList
        title={t("title")}
        description={t("description")}
        newButton={
          canWrite && !editing
            ? { label: t("new"), testId: "template-new", onClick: () => setEditing("new") }
            : undefined
        }
        query={list}
        isEmpty={(data) => data.length === 0}
        empty={{ title: t("emptyTitle"), description: t("emptyBody") }}
      >
        {(data) => (
          <CardBody>
            <ul className="grid gap-4 sm:grid-cols-2" data-testid="template-list">
              {data.map((tpl) => (
                <li
                  key={tpl.id}
                  className="flex gap-4 rounded-lg border border-slate-200 p-4"
                  data-testid={`template-${tpl.name}`}
                >
                  <TemplatePreview template={tpl} brandName={brandName} />
                  <div className="flex min-w-0 flex-1 flex-col gap-2">
                    <div className="flex items-center gap-2">
                      <span className="truncate font-medium text-slate-900">{tpl.name}</span>
                      {tpl.isDefault && <Badge tone="brand">{t("default")}</Badge>}
                    </div>
                    {tpl.headline && (
                      <p className="truncate text-sm text-slate-600">{tpl.headline}</p>
                    )}
                    {canWrite && <TemplateActions template={tpl} onEdit={() => setEditing(tpl)} />}
                  </div>
                </li>
              ))}
            </ul>
          </CardBody>
        )}
      </ManagerList>
    </div>
  );
}

function TemplateActions({ template, onEdit }: { template: TemplateRow; onEdit: () => void }) {
  const t = useTranslations("promotion.console.posters");
  const trpc = useTRPC();
  const invalidate = useInvalidateList(trpc.posterTemplates.list.pathKey());
  const setDefault = useMutation(
    trpc.posterTemplates.setDefault.mutationOptions({ onSuccess: () => invalidate() }),
  );
  const archive = useMutation(
    trpc.posterTemplates.archive.mutationOptions({ onSuccess: () => invalidate() }),
  );
  return (
    <div className="mt-auto flex flex-wrap gap-1">
      <Button variant="ghost" size="sm" onClick={onEdit} data-testid="template-edit">
        {t("edit")}
      </Button>
      {!template.isDefault && (
        <Button
          variant="ghost"
          size="sm"
          loading={setDefault.isPending}
          onClick={() => setDefault.mutate({ id: template.id })}
          data-testid="template-set-default"
        >
          {t("setDefault")}
        </Button>
      )}
      <ArchiveButton
        label={t("archive")}
        title={t("archiveTitle", { name: template.name })}
        description={t("archiveBody")}
        testId="template-archive"
        onArchive={() => archive.mutateAsync({ id: template.id })}
      />
    </div>
  );
}

function TemplateForm({
  template,
  brandName,
  onDone,
}: {
  template: TemplateRow | null;
  brandName: string;
  onDone: () => void;
}) {
  const t = useTranslations("promotion.console.posters");
  const trpc = useTRPC();
  const fieldError = useFieldError();
  const invalidate = useInvalidateList(trpc.posterTemplates.list.pathKey());
  const create = useMutation(trpc.posterTemplates.create.mutationOptions());
  const update = useMutation(trpc.posterTemplates.update.mutationOptions());
  const { register, handleSubmit, setError, setValue, formState, control } = useForm<
    FormInput,
    unknown,
    FormOutput
  >({
    resolver: zodResolver(templateInputSchema),
    defaultValues: template
      ? {
          name: template.name,
          backgroundUrl: template.backgroundUrl ?? "",
          headline: template.headline ?? "",
          textColor: template.layout.textColor,
          accentColor: template.layout.accentColor,
        }
      : { name: "", backgroundUrl: "", headline: "", textColor: "#ffffff", accentColor: "#dc2626" },
    mode: "onTouched",
  });
  const { formError, save } = useSaveForm(FIELDS, setError);
  const fe = formState.errors;
  const [backgroundUrl, headline, textColor, accentColor] = useWatch({
    control,
    name: ["backgroundUrl", "headline", "textColor", "accentColor"],
  });

  const onSubmit = handleSubmit((values) =>
    save(async () => {
      if (template) await update.mutateAsync({ id: template.id, ...values });
      else await create.mutateAsync(values);
      await invalidate();
      onDone();
    }),
  );

  return (
    <Card data-testid="template-form">
      <CardHeader title={template ? t("editTitle") : t("newTitle")} />
      <CardBody className="flex flex-col gap-6 sm:flex-row">
        <form onSubmit={onSubmit} noValidate className="grid flex-1 gap-4 sm:grid-cols-2">
          {formError && (
            <Alert tone="danger" className="sm:col-span-2">
              {formError}
            </Alert>
          )}
          <Field id="template-name" label={t("name")} error={fieldError(fe.name?.message)} required>
            <Input {...register("name")} autoComplete="off" data-testid="template-name" />
          </Field>
          <Field
            id="template-headline"
            label={t("headline")}
            hint={t("headlineHint")}
            error={fieldError(fe.headline?.message)}
          >
            <Input {...register("headline")} autoComplete="off" data-testid="template-headline" />
          </Field>
          <Field
            id="template-background"
            label={t("backgroundUrl")}
            hint={t("backgroundHint")}
            error={fieldError(fe.backgroundUrl?.message)}
            className="sm:col-span-2"
          >
            <div className="flex items-start gap-2">
              <Input
                {...register("backgroundUrl")}
                autoComplete="off"
                placeholder="https://"
                data-testid="template-background"
              />
              <UploadButton
                testId="template-background-upload"
                onUploaded={(url) => setValue("backgroundUrl", url, { shouldDirty: true, shouldValidate: true })}
              />
            </div>
          </Field>
          <Field
            id="template-text-colour"
            label={t("textColor")}
            error={fieldError(fe.textColor?.message)}
            required
          >
            <Input
              {...register("textColor")}
              type="color"
              className="w-24 p-1"
              data-testid="template-text-colour"
            />
          </Field>
          <Field
            id="template-accent-colour"
            label={t("accentColor")}
            error={fieldError(fe.accentColor?.message)}
            required
          >
            <Input
              {...register("accentColor")}
              type="color"
              className="w-24 p-1"
              data-testid="template-accent-colour"
            />
          </Field>
          <FormButtons
            submitting={formState.isSubmitting}
            submitLabel={template ? t("save") : t("create")}
            cancelLabel={t("cancel")}
            onCancel={onDone}
            testId="template-submit"
          />
        </form>
        <div className="flex flex-col items-center gap-2">
          <span className="text-xs font-medium text-slate-500">{t("preview")}</span>
          <TemplatePreview
            brandName={brandName}
            template={{
              backgroundUrl: backgroundUrl || null,
              headline: headline || null,
              layout: { textColor, accentColor },
            }}
          />
        </div>
      </CardBody>
    </Card>
  );
}
