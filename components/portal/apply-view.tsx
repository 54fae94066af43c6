"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applicationError, type ApplicationErrorKey } from "./application-error";
import { ConsentCheckbox, useLegalVersions } from "./consent-checkbox";
import { canApply, EnrolmentClosed } from "./enrolment";
import { portalPath } from "./links";
import { PortalQueryState } from "./list-frame";
import type { DistributorStatus, PortalDistributor, PortalStatus } from "./portal-types";
import { SignInForm } from "./sign-in-form";
import { STATUS_TONE } from "./status-card";

export interface Inviter {
  inviterName: string;
  inviterCode: string;
}

const CARD = "space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-xs";

/**
 * The apply page: who invited me (if a valid inviter link brought me), sign-in when needed,
 * then the application form, or where my application stands.
 */
export function ApplyView({
  slug,
  brandName,
  signedIn,
  inviter,
  inviterInvalid,
  path,
}: {
  slug: string;
  brandName: string;
  signedIn: boolean;
  inviter: Inviter | null;
  /** An `?inviter=` code was given but is unknown or no longer active. */
  inviterInvalid: boolean;
  /** This page's own URL (with the inviter), to come back to after signing in. */
  path: string;
}) {
  const t = useTranslations("portal.apply");
  const ti = useTranslations("portal.apply.inviter");
  return (
    <div className="space-y-5" data-testid="apply-page">
      <h1 className="px-1 text-xl font-semibold text-slate-900">
        {t("title", { brand: brandName })}
      </h1>
      {inviter && (
        <div
          className="flex items-center gap-3 rounded-xl border border-brand-100 bg-brand-50 px-4 py-3"
          data-testid="apply-inviter"
          data-code={inviter.inviterCode}
        >
          <span
            aria-hidden="true"
            className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-base font-semibold text-white"
          >
            {Array.from(inviter.inviterName)[0] ?? "?"}
          </span>
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {ti("invites", { name: inviter.inviterName, brand: brandName })}
            </p>
            <p className="text-xs text-slate-600">{ti("code", { code: inviter.inviterCode })}</p>
          </div>
        </div>
      )}
      {inviterInvalid && (
        <Alert tone="warning" title={ti("invalidTitle")} data-testid="apply-inviter-invalid">
          {ti("invalidBody")}
        </Alert>
      )}
      {signedIn ? (
        <Application slug={slug} brandName={brandName} inviter={inviter} />
      ) : (
        <div className={CARD}>
          <SignInForm
            slug={slug}
            brandName={brandName}
            next={path}
            copy={{
              title: t("signIn.title"),
              subtitle: t("signIn.subtitle"),
              notice: t("signIn.notice", { brand: brandName }),
            }}
          />
        </div>
      )}
    </div>
  );
}

function Application({
  slug,
  brandName,
  inviter,
}: {
  slug: string;
  brandName: string;
  inviter: Inviter | null;
}) {
  const t = useTranslations("portal.apply");
  const trpc = useTRPC();
  const status = useQuery(trpc.portalNetwork.status.queryOptions({ slug }));
  const [submitted, setSubmitted] = useState<{ status: DistributorStatus; code: string } | null>(
    null,
  );

  if (submitted)
    return (
      <ApplicationStatus
        slug={slug}
        brandName={brandName}
        status={submitted.status}
        code={submitted.code}
        justSubmitted
      />
    );
  if (!status.isSuccess) {
    return <PortalQueryState query={status} slug={slug} path={portalPath(slug, "apply")} />;
  }
  const { distributor: d, enrolment } = status.data;
  if (d && d.status !== "rejected") {
    return <ApplicationStatus slug={slug} brandName={brandName} status={d.status} code={d.code} />;
  }
  if (!canApply(enrolment)) {
    return (
      <div className={CARD} data-testid="apply-closed">
        <EnrolmentClosed enrolment={enrolment} brandName={brandName} />
        <Link href={portalPath(slug)} className={buttonClasses("secondary", "lg", "w-full")}>
          {t("backHome")}
        </Link>
      </div>
    );
  }
  return (
    <ApplyForm
      slug={slug}
      brandName={brandName}
      enrolment={enrolment}
      previous={d}
      inviter={d ? null : inviter}
      onSubmitted={setSubmitted}
    />
  );
}

type Values = { name: string; region: string; note: string; fields: Record<string, string> };

function formSchema(fields: PortalStatus["enrolment"]["fields"]) {
  // Messages are keys under portal.errors; the form translates them when rendering.
  const text = (max: number) => z.string().trim().max(max, "tooLong");
  return z.object({
    name: text(60).min(1, "nameRequired"),
    region: text(60).min(1, "regionRequired"),
    note: text(500),
    fields: z.object(
      Object.fromEntries(
        fields.map((f) => [f.key, f.required ? text(500).min(1, "fieldRequired") : text(500)]),
      ),
    ),
  });
}

const TEXTAREA =
  "block min-h-24 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-offset-0 focus:outline-brand-100";

function ApplyForm({
  slug,
  brandName,
  enrolment,
  previous,
  inviter,
  onSubmitted,
}: {
  slug: string;
  brandName: string;
  enrolment: PortalStatus["enrolment"];
  /** A rejected earlier application: its answers are the starting point. */
  previous: PortalDistributor | null;
  inviter: Inviter | null;
  onSubmitted: (r: { status: DistributorStatus; code: string }) => void;
}) {
  const t = useTranslations("portal.apply");
  const te = useTranslations("portal.errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<ApplicationErrorKey | null>(null);
  const schema = useMemo(() => formSchema(enrolment.fields), [enrolment.fields]);
  const { register, handleSubmit, formState, setError } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: previous?.name ?? "",
      region: previous?.region ?? "",
      note: "",
      fields: Object.fromEntries(enrolment.fields.map((f) => [f.key, ""])),
    },
  });
  const submit = useMutation(trpc.portalNetwork.submitApplication.mutationOptions());
  const legal = useLegalVersions(slug);
  const tl = useTranslations("legal");
  const [agreed, setAgreed] = useState(false);
  const [consentError, setConsentError] = useState<string | null>(null);

  const onSubmit = handleSubmit(async (v) => {
    setAlert(null);
    if (!agreed || !legal.data) {
      setConsentError(tl("consentRequired"));
      return;
    }
    try {
      const res = await submit.mutateAsync({
        slug,
        agreementVersion: legal.data.distributor_agreement,
        name: v.name,
        region: v.region,
        ...(v.note ? { note: v.note } : {}),
        ...(inviter ? { inviterCode: inviter.inviterCode } : {}),
        fields: v.fields,
      });
      await queryClient.invalidateQueries({
        queryKey: trpc.portalNetwork.status.queryKey({ slug }),
      });
      onSubmitted(res);
    } catch (e) {
      const err = applicationError(e);
      let first = true;
      for (const [path, key] of Object.entries(err.fields)) {
        setError(path as keyof Values, { type: "server", message: key }, { shouldFocus: first });
        first = false;
      }
      setAlert(err.alert);
      if (err.refetchStatus)
        void queryClient.invalidateQueries({
          queryKey: trpc.portalNetwork.status.queryKey({ slug }),
        });
    }
  });

  const message = (key: string | undefined) => (key ? (te.has(key) ? te(key) : key) : undefined);
  const fieldErrors = formState.errors.fields as
    Record<string, { message?: string } | undefined> | undefined;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className={CARD} data-testid="apply-form">
      <div className="space-y-1">
        <h2 className="text-base font-semibold text-slate-900">
          {previous ? t("form.againTitle") : t("form.title")}
        </h2>
        <p className="text-sm text-slate-600">
          {enrolment.autoApprove ? t("form.autoApprove") : t("form.reviewed", { brand: brandName })}
        </p>
      </div>

      {alert && (
        <Alert tone="danger" data-testid="apply-error">
          {te(alert)}
        </Alert>
      )}

      <Field
        id="apply-name"
        label={t("form.name")}
        hint={t("form.nameHint", { brand: brandName })}
        error={message(formState.errors.name?.message)}
        required
      >
        <Input
          autoComplete="name"
          maxLength={60}
          className="h-12 text-base"
          data-testid="apply-name"
          {...register("name")}
        />
      </Field>

      <Field
        id="apply-region"
        label={t("form.region")}
        error={message(formState.errors.region?.message)}
        required
      >
        <Input
          autoComplete="address-level2"
          maxLength={60}
          placeholder={t("form.regionPlaceholder")}
          className="h-12 text-base"
          data-testid="apply-region"
          {...register("region")}
        />
      </Field>

      {enrolment.fields.map((f) => (
        <Field
          key={f.key}
          id={`apply-field-${f.key}`}
          label={f.label}
          error={message(fieldErrors?.[f.key]?.message)}
          required={f.required}
        >
          <Input
            maxLength={500}
            className="h-12 text-base"
            data-testid={`apply-field-${f.key}`}
            {...register(`fields.${f.key}`)}
          />
        </Field>
      ))}

      <Field
        id="apply-note"
        label={t("form.note")}
        hint={t("form.noteHint")}
        error={message(formState.errors.note?.message)}
      >
        <textarea
          rows={3}
          maxLength={500}
          placeholder={t("form.notePlaceholder", { brand: brandName })}
          className={TEXTAREA}
          data-testid="apply-note"
          {...register("note")}
        />
      </Field>

      <ConsentCheckbox
        slug={slug}
        context="apply"
        checked={agreed}
        onChange={(c) => {
          setAgreed(c);
          if (c) setConsentError(null);
        }}
        error={consentError}
      />

      <Button
        type="submit"
        size="lg"
        className="w-full"
        loading={submit.isPending}
        data-testid="apply-submit"
      >
        {submit.isPending ? t("form.submitting") : t("form.submit")}
      </Button>
      <p className="text-center text-xs text-slate-500">{t("form.compliance")}</p>
    </form>
  );
}

/** Where the member's application stands, after submitting or when coming back. */
function ApplicationStatus({
  slug,
  brandName,
  status,
  code,
  justSubmitted = false,
}: {
  slug: string;
  brandName: string;
  status: DistributorStatus;
  code: string;
  justSubmitted?: boolean;
}) {
  const t = useTranslations("portal.apply.result");
  const ts = useTranslations("portal.statuses");
  const key = status === "applied" && justSubmitted ? "submitted" : status;
  return (
    <section className={CARD} data-testid="apply-status" data-status={status} aria-live="polite">
      <div className="flex items-start justify-between gap-3">
        <h2 className="text-lg font-semibold text-slate-900">
          {t(`${key}.title`, { brand: brandName })}
        </h2>
        <Badge tone={STATUS_TONE[status]}>{ts(status)}</Badge>
      </div>
      <p className="text-sm text-slate-600">{t(`${key}.body`, { brand: brandName, code })}</p>
      <Link
        href={portalPath(slug)}
        className={buttonClasses(status === "active" ? "primary" : "secondary", "lg", "w-full")}
        data-testid="apply-home"
      >
        {status === "active" ? t("startPromoting") : t("backHome")}
      </Link>
    </section>
  );
}
