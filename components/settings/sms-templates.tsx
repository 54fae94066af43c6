"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { errorInfo } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import type { AppRouter } from "@/server/api/root";
import { LOCALES, type Locale } from "@/server/i18n/config";
import { checkSmsTemplate, renderSmsTemplate, SMS_TEMPLATE_MAX, smsSignatureOf } from "@/server/notify/sms-template-text";
import { FormFooter } from "./form-footer";

type KindTemplates = inferRouterOutputs<AppRouter>["settings"]["smsTemplates"][number];
type Texts = Record<Locale, string>;

const textsOf = (k: KindTemplates): Texts =>
  Object.fromEntries(LOCALES.map((l) => [l, k.texts[l].custom ?? ""])) as Texts;

/** Settings → SMS texts: the brand's wording of each member SMS, per language, with a preview. */
export function SmsTemplates({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("settings.smsTemplates");
  const trpc = useTRPC();
  const templates = useQuery(trpc.settings.smsTemplates.queryOptions());
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (templates.isPending) return <Loading />;
  if (templates.isError) return <LoadError error={templates.error} onRetry={() => void templates.refetch()} />;
  const signature = settings.data ? smsSignatureOf(settings.data) : null;
  const brandName = settings.data?.displayName ?? null;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
        <p className="text-sm text-slate-600">{t("description")}</p>
        {signature && <p className="text-sm text-slate-600">{t("signature", { signature })}</p>}
      </div>
      {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}
      {templates.data.map((k) => (
        <KindForm key={k.kind} kind={k} canWrite={canWrite} signature={signature} brandName={brandName} />
      ))}
    </div>
  );
}

function KindForm({
  kind,
  canWrite,
  signature,
  brandName,
}: {
  kind: KindTemplates;
  canWrite: boolean;
  signature: string | null;
  /** The preview fills {brand} with the brand's own name; the rest with examples. */
  brandName: string | null;
}) {
  const t = useTranslations("settings.smsTemplates");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const [texts, setTexts] = useState<Texts>(() => textsOf(kind));
  const [serverErrors, setServerErrors] = useState<Partial<Record<Locale, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const boxes = useRef<Partial<Record<Locale, HTMLTextAreaElement | null>>>({});
  const update = useMutation(trpc.settings.updateSmsTemplate.mutationOptions());
  const catalogueKey = kind.kind.replaceAll(".", "_");
  const testId = `sms-${catalogueKey}`;

  const problemOf = (locale: Locale) => {
    const p = checkSmsTemplate(kind.kind, texts[locale].trim());
    return p ? p.key : serverErrors[locale];
  };
  const invalid = LOCALES.some((l) => checkSmsTemplate(kind.kind, texts[l].trim()));
  const dirty = LOCALES.some((l) => texts[l].trim() !== (kind.texts[l].custom ?? ""));

  const edit = (locale: Locale, value: string) => {
    setTexts((s) => ({ ...s, [locale]: value }));
    setServerErrors((e) => ({ ...e, [locale]: undefined }));
    setSaved(false);
  };

  /** Puts the placeholder where the cursor is, so staff need not type braces. */
  const insert = (locale: Locale, name: string) => {
    const box = boxes.current[locale];
    const text = texts[locale];
    const at = box ? box.selectionStart : text.length;
    const end = box ? box.selectionEnd : text.length;
    const token = `{${name}}`;
    edit(locale, text.slice(0, at) + token + text.slice(end));
    requestAnimationFrame(() => {
      box?.focus();
      box?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const sample = Object.fromEntries(
    kind.params.map((p) => [p, p === "brand" && brandName ? brandName : t.has(`sample.${p}`) ? t(`sample.${p}`) : p]),
  );

  return (
    <form
      noValidate
      data-testid={testId}
      onSubmit={async (e) => {
        e.preventDefault();
        if (invalid) return;
        setFormError(null);
        try {
          const next = await update.mutateAsync({ kind: kind.kind, texts });
          queryClient.setQueryData(trpc.settings.smsTemplates.queryKey(), next);
          const mine = next.find((k) => k.kind === kind.kind);
          if (mine) setTexts(textsOf(mine));
          setSaved(true);
        } catch (err) {
          const fields = errorInfo(err).fields ?? {};
          const byLocale = Object.fromEntries(
            LOCALES.flatMap((l) => (fields[`texts.${l}`] ? [[l, fields[`texts.${l}`]]] : [])),
          ) as Partial<Record<Locale, string>>;
          setServerErrors(byLocale);
          if (!Object.keys(byLocale).length) setFormError(errors.describe(err));
        }
      }}
    >
      <Card>
        <CardHeader title={t(`kinds.${catalogueKey}`)} />
        <CardBody className="space-y-5">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <div className="text-sm text-slate-600">
            <span className="font-medium text-slate-800">{t("placeholders")}</span>{" "}
            <span>{t("placeholdersHint")}</span>
          </div>
          <fieldset disabled={!canWrite} className="grid gap-6 lg:grid-cols-2">
            {LOCALES.map((locale) => {
              const id = `${testId}-${locale}`;
              const text = texts[locale].trim();
              const problem = problemOf(locale);
              const preview = renderSmsTemplate(text || kind.texts[locale].default, sample);
              return (
                <div key={locale} className="space-y-2">
                  <Field
                    id={id}
                    label={
                      <span className="inline-flex items-center gap-2">
                        {t(`locales.${locale}`)}
                        <Badge tone={text ? "info" : "neutral"}>{text ? t("customised") : t("usingDefault")}</Badge>
                      </span>
                    }
                    hint={t("count", { count: texts[locale].trim().length, max: SMS_TEMPLATE_MAX })}
                    error={errors.field(problem)}
                  >
                    <Textarea
                      ref={(el) => {
                        boxes.current[locale] = el;
                      }}
                      rows={3}
                      value={texts[locale]}
                      placeholder={kind.texts[locale].default}
                      onChange={(e) => edit(locale, e.target.value)}
                      data-testid={`${id}-text`}
                    />
                  </Field>
                  <div className="flex flex-wrap items-center gap-2">
                    {kind.params.map((p) => (
                      <button
                        key={p}
                        type="button"
                        onClick={() => insert(locale, p)}
                        className="rounded-full border border-slate-200 bg-white px-2.5 py-0.5 font-mono text-xs text-slate-700 hover:border-brand-300 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50"
                        title={t.has(`params.${p}`) ? t(`params.${p}`) : p}
                        data-testid={`${id}-insert-${p}`}
                      >
                        {`{${p}}`}
                      </button>
                    ))}
                    {text && (
                      <Button variant="ghost" size="sm" onClick={() => edit(locale, "")} data-testid={`${id}-reset`}>
                        {t("useDefault")}
                      </Button>
                    )}
                  </div>
                  {!text && (
                    <p className="text-xs text-slate-500">
                      {t("defaultLabel")} <span className="text-slate-700">{kind.texts[locale].default}</span>
                    </p>
                  )}
                  <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid={`${id}-preview`}>
                    <div className="mb-1 text-xs font-medium text-slate-500">{t("preview")}</div>
                    <p className="break-words text-slate-800">
                      {signature ? `【${signature}】` : ""}
                      {preview}
                    </p>
                  </div>
                </div>
              );
            })}
          </fieldset>
        </CardBody>
        {canWrite && <FormFooter saving={update.isPending} saved={saved && !dirty} disabled={invalid || !dirty} testId={`${testId}-save`} />}
      </Card>
    </form>
  );
}
