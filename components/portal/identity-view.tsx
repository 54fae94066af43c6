"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Checkbox, Input } from "@/components/ui/input";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";
import { checkBankCard, checkIdNumber, normalizeAlipayAccount, normalizeMobile, normalizeRealName } from "@/server/payouts/kyc/validate";
import { portalPath } from "./links";
import { ActiveOnly, PortalQueryState } from "./list-frame";

type View = inferRouterOutputs<AppRouter>["portalIdentity"]["get"];
type Identity = NonNullable<View["identity"]>;
type IncomeType = Identity["incomeType"];

const CARD = "space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-xs";
const STATUS_TONE: Record<Identity["status"], BadgeTone> = { unverified: "neutral", verified: "success", rejected: "danger" };

/** Identity for withdrawals: masked details when given, the form, the consent and ID photos. */
export function IdentityView({
  slug,
  brandName,
  maxUploadMb,
  wechatOutcome = null,
}: {
  slug: string;
  brandName: string;
  maxUploadMb: number;
  /** How a WeChat linking round trip ended (?wechat=…), shown once. */
  wechatOutcome?: "linked" | "denied" | "expired" | "failed" | null;
}) {
  const t = useTranslations("identity");
  const path = portalPath(slug, "identity");
  return (
    <div className="space-y-5" data-testid="identity-page">
      <div className="space-y-1 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("description")}</p>
      </div>
      {wechatOutcome && (
        <Alert tone={wechatOutcome === "linked" ? "success" : "warning"} data-testid="wechat-outcome">
          {t(`wechat.${wechatOutcome}`)}
        </Alert>
      )}
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {() => <IdentityPanel slug={slug} path={path} maxUploadMb={maxUploadMb} />}
      </ActiveOnly>
    </div>
  );
}

function IdentityPanel({ slug, path, maxUploadMb }: { slug: string; path: string; maxUploadMb: number }) {
  const trpc = useTRPC();
  const view = useQuery(trpc.portalIdentity.get.queryOptions({ slug }));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const t = useTranslations("identity");
  if (!view.isSuccess) return <PortalQueryState query={view} slug={slug} path={path} />;
  // WeChat OAuth is set up for this brand (its own official account, or the deployment's).
  const { identity, wechatOauth } = view.data;
  return (
    <>
      {saved && (
        <Alert tone="success" data-testid="identity-saved">
          {t("form.saved")}
        </Alert>
      )}
      {identity && !editing ? (
        <Summary identity={identity} slug={slug} wechatOauth={wechatOauth} onEdit={() => (setEditing(true), setSaved(false))} />
      ) : (
        <IdentityForm
          slug={slug}
          view={view.data}
          onCancel={identity ? () => setEditing(false) : undefined}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
          }}
        />
      )}
      <Photos slug={slug} photos={view.data.photos} maxUploadMb={maxUploadMb} />
    </>
  );
}

function Summary({ identity, slug, wechatOauth, onEdit }: { identity: Identity; slug: string; wechatOauth: boolean; onEdit: () => void }) {
  const t = useTranslations("identity");
  const rows: [string, string | null][] = [
    [t("summary.realName"), identity.realName],
    [t("summary.idNumber"), identity.idNumberMasked],
    [t("summary.bankCard"), identity.bankCardMasked],
    [t("summary.bankName"), identity.bankName],
    [t("summary.phone"), identity.phone],
    [t("summary.alipayAccount"), identity.alipayAccount],
    [t("summary.wechat"), identity.wechatLinked ? t("summary.wechatLinked") : t("summary.wechatNotLinked")],
    [t("summary.incomeType"), t(`incomeTypes.${identity.incomeType}`)],
  ];
  return (
    <section className={CARD} data-testid="identity-summary">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{t("form.title")}</h2>
        <Badge tone={STATUS_TONE[identity.status]}>
          <span data-testid="identity-status">{t(`status.${identity.status}`)}</span>
        </Badge>
      </div>
      {identity.status === "rejected" && identity.statusReason && (
        <Alert tone="danger">{t("rejectedReason", { reason: identity.statusReason })}</Alert>
      )}
      <dl className="divide-y divide-slate-100 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-4 py-2">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-right font-medium break-all text-slate-900 tabular-nums">{value ?? t("summary.none")}</dd>
          </div>
        ))}
      </dl>
      {identity.bankCardLuhnOk === false && (
        <Alert tone="warning" data-testid="identity-luhn-warning">
          {t("form.luhnWarning")}
        </Alert>
      )}
      {identity.status === "verified" && <p className="text-xs text-slate-500">{t("whatVerifiedMeans")}</p>}
      {wechatOauth ? (
        // A full navigation: WeChat's authorize page, then back through our callback.
        <a href={`${portalPath(slug, "identity")}/wechat`} className={buttonClasses("secondary", "md", "w-full")} data-testid="identity-wechat-link">
          {identity.wechatLinked ? t("wechat.relink") : t("wechat.link")}
        </a>
      ) : (
        !identity.wechatLinked && <p className="text-xs text-slate-500">{t("wechat.notConfigured")}</p>
      )}
      <Button variant="secondary" className="w-full" onClick={onEdit} data-testid="identity-edit">
        {t("summary.edit")}
      </Button>
    </section>
  );
}

interface Values {
  realName: string;
  idNumber: string;
  bankCard: string;
  bankName: string;
  phone: string;
  alipayAccount: string;
  incomeType: IncomeType;
}
type FieldName = keyof Values;

/**
 * The same checks the server makes (server/payouts/kyc/validate.ts is pure), so most mistakes
 * show before sending; the server's answer still decides and its field errors land here too.
 */
function clientErrors(v: Values, existing: Identity | null, alipay: boolean): Partial<Record<FieldName, string>> {
  const e: Partial<Record<FieldName, string>> = {};
  if (!normalizeRealName(v.realName)) e.realName = "realNameInvalid";
  if (v.idNumber.trim()) {
    const c = checkIdNumber(v.idNumber);
    if (!c.ok) e.idNumber = { format: "idNumberFormat", birthDate: "idNumberBirthDate", checksum: "idNumberChecksum" }[c.problem];
  } else if (!existing?.idNumberMasked) e.idNumber = "idNumberRequired";
  if (v.bankCard.trim()) {
    if (!checkBankCard(v.bankCard).ok) e.bankCard = "bankCardFormat";
  } else if (!existing?.bankCardMasked) e.bankCard = "bankCardRequired";
  if (v.bankName.trim().length < 2) e.bankName = "bankNameInvalid";
  if (!normalizeMobile(v.phone)) e.phone = "phoneInvalid";
  if (alipay && v.alipayAccount.trim() && !normalizeAlipayAccount(v.alipayAccount)) e.alipayAccount = "alipayInvalid";
  return e;
}

function IdentityForm({ slug, view, onCancel, onSaved }: { slug: string; view: View; onCancel?: () => void; onSaved: () => void }) {
  const t = useTranslations("identity");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const existing = view.identity;
  const { register, handleSubmit, formState, setError, control } = useForm<Values>({
    defaultValues: {
      realName: existing?.realName ?? "",
      idNumber: "",
      bankCard: "",
      bankName: existing?.bankName ?? "",
      phone: existing?.phone ?? "",
      alipayAccount: existing?.alipayAccount ?? "",
      incomeType: existing?.incomeType ?? "labour",
    },
  });
  const [agreed, setAgreed] = useState(false);
  const [consentError, setConsentError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const submit = useMutation(trpc.portalIdentity.submit.mutationOptions());
  const card = useWatch({ control, name: "bankCard" });
  const cardCheck = card.trim() ? checkBankCard(card) : null;
  const luhnWarning = cardCheck?.ok === true && !cardCheck.luhnOk;

  const message = (key: string | undefined) => (key ? t(`errors.${t.has(`errors.${key}`) ? key : "invalid"}`) : undefined);

  const onSubmit = handleSubmit(async (v) => {
    setAlert(null);
    const errors = clientErrors(v, existing, view.channels.alipay);
    let first = true;
    for (const [name, key] of Object.entries(errors)) {
      setError(name as FieldName, { type: "client", message: key }, { shouldFocus: first });
      first = false;
    }
    if (!agreed) setConsentError(t("errors.consentRequired"));
    if (!first || !agreed) return;
    try {
      await submit.mutateAsync({ slug, ...v, sensitiveConsentVersion: view.consentVersion });
      await queryClient.invalidateQueries({ queryKey: trpc.portalIdentity.get.queryKey({ slug }) });
      onSaved();
    } catch (e) {
      if (!(e instanceof TRPCClientError)) return setAlert(t("errors.generic"));
      const data = (e as TRPCClientError<AppRouter>).data as { code?: string; fields?: Record<string, string> | null } | undefined;
      if (data?.code === "UNAUTHORIZED") return setAlert(t("errors.signedOut"));
      const fields = data?.fields ?? {};
      let focus = true;
      for (const [name, key] of Object.entries(fields)) {
        if (name === "consent.sensitive_info") {
          setConsentError(t(key === "consent.stale" ? "errors.consentStale" : "errors.consentRequired"));
          setAgreed(false);
          // A newer consent text was published: read the current version again.
          void queryClient.invalidateQueries({ queryKey: trpc.portalIdentity.get.queryKey({ slug }) });
        } else {
          setError(name as FieldName, { type: "server", message: key }, { shouldFocus: focus });
          focus = false;
        }
      }
      if (!Object.keys(fields).length) setAlert(t("errors.generic"));
    }
  });

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className={CARD} data-testid="identity-form">
      <h2 className="text-base font-semibold text-slate-900">{t("form.title")}</h2>
      {alert && (
        <Alert tone="danger" data-testid="identity-error">
          {alert}
        </Alert>
      )}
      <Field id="identity-realName" label={t("form.realName")} error={message(formState.errors.realName?.message)} required>
        <Input autoComplete="name" maxLength={40} className="h-12 text-base" data-testid="identity-realName" {...register("realName")} />
      </Field>
      <Field
        id="identity-idNumber"
        label={t("form.idNumber")}
        hint={existing?.idNumberMasked ? t("form.idNumberKeep", { masked: existing.idNumberMasked }) : undefined}
        error={message(formState.errors.idNumber?.message)}
        required={!existing}
      >
        <Input
          autoComplete="off"
          inputMode="text"
          maxLength={22}
          spellCheck={false}
          className="h-12 text-base tabular-nums"
          data-testid="identity-idNumber"
          {...register("idNumber")}
        />
      </Field>
      <Field
        id="identity-bankCard"
        label={t("form.bankCard")}
        hint={existing?.bankCardMasked ? t("form.bankCardKeep", { masked: existing.bankCardMasked }) : undefined}
        error={message(formState.errors.bankCard?.message)}
        required={!existing}
      >
        <Input autoComplete="cc-number" inputMode="numeric" maxLength={24} className="h-12 text-base tabular-nums" data-testid="identity-bankCard" {...register("bankCard")} />
      </Field>
      {luhnWarning && (
        <Alert tone="warning" data-testid="identity-luhn-warning">
          {t("form.luhnWarning")}
        </Alert>
      )}
      <Field id="identity-bankName" label={t("form.bankName")} error={message(formState.errors.bankName?.message)} required>
        <Input maxLength={60} placeholder={t("form.bankNamePlaceholder")} className="h-12 text-base" data-testid="identity-bankName" {...register("bankName")} />
      </Field>
      <Field id="identity-phone" label={t("form.phone")} error={message(formState.errors.phone?.message)} required>
        <Input type="tel" autoComplete="tel" inputMode="tel" maxLength={20} className="h-12 text-base tabular-nums" data-testid="identity-phone" {...register("phone")} />
      </Field>
      {view.channels.alipay && (
        <Field id="identity-alipayAccount" label={t("form.alipayAccount")} hint={t("form.alipayHint")} error={message(formState.errors.alipayAccount?.message)}>
          <Input maxLength={100} autoComplete="off" className="h-12 text-base" data-testid="identity-alipayAccount" {...register("alipayAccount")} />
        </Field>
      )}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{t("form.incomeType")}</legend>
        {(["labour", "individual_business"] as const).map((k) => (
          <label key={k} className="flex items-start gap-2 text-sm text-slate-700">
            <input type="radio" value={k} className="mt-1" data-testid={`identity-incomeType-${k}`} {...register("incomeType")} />
            <span>{t(`incomeTypes.${k}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <Checkbox
            className="mt-0.5"
            checked={agreed}
            onChange={(e) => {
              setAgreed(e.target.checked);
              if (e.target.checked) setConsentError(null);
            }}
            aria-invalid={!!consentError}
            data-testid="identity-consent"
          />
          <span>
            {t.rich("form.consent", {
              doc: () => <ConsentLink slug={slug} />,
            })}
          </span>
        </label>
        {consentError && (
          <p role="alert" className="text-sm text-red-600" data-testid="identity-consent-error">
            {consentError}
          </p>
        )}
      </div>
      <div className="flex gap-2">
        {onCancel && (
          <Button type="button" variant="secondary" size="lg" className="flex-1" onClick={onCancel}>
            {t("form.cancel")}
          </Button>
        )}
        <Button type="submit" size="lg" className="flex-1" loading={submit.isPending} data-testid="identity-submit">
          {submit.isPending ? t("form.submitting") : t("form.submit")}
        </Button>
      </div>
    </form>
  );
}

function ConsentLink({ slug }: { slug: string }) {
  const tl = useTranslations("legal");
  return (
    <Link href={`/d/${slug}/legal/sensitive_info`} target="_blank" className="font-medium text-brand-700 underline" data-testid="legal-link-sensitive_info">
      {tl("kinds.sensitive_info")}
    </Link>
  );
}

type PhotoError = "notImage" | "tooLarge" | "signedOut" | "generic";

function Photos({ slug, photos, maxUploadMb }: { slug: string; photos: View["photos"]; maxUploadMb: number }) {
  const t = useTranslations("identity.photos");
  return (
    <section className={CARD} data-testid="identity-photos">
      <div className="space-y-1">
        <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
        <p className="text-xs text-slate-500">{t("hint", { mb: maxUploadMb })}</p>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <PhotoSlot slug={slug} side="front" url={photos.front} />
        <PhotoSlot slug={slug} side="back" url={photos.back} />
      </div>
    </section>
  );
}

function PhotoSlot({ slug, side, url }: { slug: string; side: "front" | "back"; url: string | null }) {
  const t = useTranslations("identity.photos");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PhotoError | null>(null);
  const [shown, setShown] = useState<string | null>(null);

  async function send(file: File) {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/portal/identity-photo?side=${side}`, { method: "POST", body: file });
      if (res.status === 201) {
        setShown(((await res.json()) as { url: string }).url);
        await queryClient.invalidateQueries({ queryKey: trpc.portalIdentity.get.queryKey({ slug }) });
      } else {
        setError(res.status === 415 ? "notImage" : res.status === 413 ? "tooLarge" : res.status === 401 ? "signedOut" : "generic");
      }
    } catch {
      setError("generic");
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  const src = shown ?? url;
  return (
    <div className="space-y-2" data-testid={`identity-photo-${side}`}>
      <p className="text-sm font-medium text-slate-800">{t(side)}</p>
      <div className="flex aspect-[1.58] items-center justify-center overflow-hidden rounded-lg border border-dashed border-slate-300 bg-slate-50">
        {src ? (
          // eslint-disable-next-line @next/next/no-img-element -- a short-lived signed link to a private object
          <img src={src} alt={t("alt", { side: t(side) })} className="h-full w-full object-cover" data-testid={`identity-photo-${side}-img`} />
        ) : null}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/gif"
        className="sr-only"
        id={`identity-photo-${side}-input`}
        data-testid={`identity-photo-${side}-input`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void send(f);
        }}
      />
      <Button type="button" variant="secondary" size="sm" className="w-full" loading={busy} onClick={() => input.current?.click()}>
        {busy ? t("uploading") : src ? t("replace") : t("upload")}
      </Button>
      {error && (
        <p role="alert" className="text-xs text-red-600" data-testid={`identity-photo-${side}-error`}>
          {t(`errors.${error}`)}
        </p>
      )}
    </div>
  );
}

/** The card on the Earnings page that leads here, with where the distributor's identity stands. */
export function IdentityLink({ slug }: { slug: string }) {
  const t = useTranslations("identity");
  const trpc = useTRPC();
  const view = useQuery(trpc.portalIdentity.get.queryOptions({ slug }));
  const status = view.data?.identity?.status ?? null;
  return (
    <Link
      href={portalPath(slug, "identity")}
      className="flex items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs hover:border-brand-300"
      data-testid="identity-link"
    >
      <span className="space-y-0.5">
        <span className="block text-sm font-medium text-slate-900">{t("link.title")}</span>
        {view.isSuccess && (
          <span className="block text-xs text-slate-500">
            {status === "verified" ? t("link.verified") : status === "rejected" ? t("link.rejected") : t("link.missing")}
          </span>
        )}
      </span>
      {status && <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>}
      <span aria-hidden="true" className="text-slate-400">
        ›
      </span>
    </Link>
  );
}
