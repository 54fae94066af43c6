"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { isMainlandMobile, maskPhone } from "@/server/portal/phone-format";
import { portalError, type PortalErrorMessage } from "./portal-error";
import { ConsentCheckbox, useLegalVersions } from "./consent-checkbox";
import { useCountdown } from "./use-countdown";

// Field messages are keys under portal.errors; the form translates them when rendering.
const schema = z.object({
  phone: z.string().trim().refine(isMainlandMobile, "invalidPhone"),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "invalidCode"),
});
type Values = z.infer<typeof schema>;

const RESEND_SECONDS = 60;

export interface SignInFormProps {
  slug: string;
  brandName: string;
  /** Where to go afterwards: a path already checked with safeNextPath(); default the portal home. */
  next?: string;
  /** A distributor's referral code from the landing page, so the buyer is bound on sign-in. */
  referralCode?: string;
  /** Instead of navigating, hand over to the caller (it shows its own confirmation). */
  onSignedIn?: () => void;
  /** Replaces the heading, subtitle and footnote (e.g. for buyers rather than distributors). */
  copy?: { title: string; subtitle: string; notice: string; submit?: string };
}

/** Phone → send code (60 s countdown) → code → sign in. */
export function SignInForm({
  slug,
  brandName,
  next,
  referralCode,
  onSignedIn,
  copy,
}: SignInFormProps) {
  const t = useTranslations("portal.signin");
  const te = useTranslations("portal.errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const countdown = useCountdown();
  const locale = useLocale();
  const legal = useLegalVersions(slug);
  const tl = useTranslations("legal");
  const [agreed, setAgreed] = useState(false);
  const [consentError, setConsentError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [alert, setAlert] = useState<PortalErrorMessage | null>(null);

  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { phone: "", code: "" },
  });
  const { register, formState, setError, clearErrors, getValues, trigger, handleSubmit } = form;

  const requestCode = useMutation(trpc.portal.requestCode.mutationOptions());
  const signIn = useMutation(trpc.portal.signIn.mutationOptions());

  function show(e: unknown) {
    const msg = portalError(e);
    if (msg.retryAfterSeconds && msg.retryAfterSeconds <= RESEND_SECONDS * 60) {
      countdown.start(msg.retryAfterSeconds);
    }
    if (msg.field && msg.key !== "tooManyAttempts") {
      setAlert(null);
      setError(msg.field, { type: "server", message: msg.key }, { shouldFocus: true });
    } else {
      setAlert(msg);
    }
  }

  async function sendCode() {
    setAlert(null);
    clearErrors("code");
    if (!(await trigger("phone"))) return;
    const phone = getValues("phone");
    try {
      const res = await requestCode.mutateAsync({ slug, phone });
      setSentTo(maskPhone(phone));
      countdown.start(res.resendAfterSeconds);
      form.setFocus("code");
    } catch (e) {
      show(e);
    }
  }

  const onSubmit = handleSubmit(async ({ phone, code }) => {
    setAlert(null);
    if (!agreed || !legal.data) {
      setConsentError(tl("consentRequired"));
      return;
    }
    try {
      await signIn.mutateAsync({
        slug,
        phone,
        code,
        consent: { user_agreement: legal.data.user_agreement, privacy_notice: legal.data.privacy_notice },
        locale: locale === "en" ? "en" : "zh-CN",
        ...(referralCode ? { ref: referralCode } : {}),
      });
      // Whatever was cached belonged to nobody (or someone else): read it afresh.
      queryClient.removeQueries({ queryKey: trpc.portalNetwork.pathKey() });
      if (onSignedIn) {
        onSignedIn();
        return;
      }
      router.replace(next ?? `/d/${slug}`);
      router.refresh();
    } catch (e) {
      // The brand published a new version meanwhile: show it and ask again.
      if (e instanceof Error && /documents were updated/.test(e.message)) {
        setAgreed(false);
        setConsentError(tl("stale"));
        void legal.refetch();
        return;
      }
      show(e);
    }
  });

  const fieldError = (name: keyof Values) => {
    const key = formState.errors[name]?.message;
    return key ? (te.has(key) ? te(key) : key) : undefined;
  };

  const sending = requestCode.isPending;
  const signingIn = signIn.isPending || (signIn.isSuccess && !onSignedIn);

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">
          {copy?.title ?? t("title", { brand: brandName })}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{copy?.subtitle ?? t("subtitle")}</p>
      </div>

      {alert && (
        <Alert tone="danger" data-testid="signin-error">
          {te(alert.key, alert.values)}
        </Alert>
      )}

      <Field id="portal-phone" label={t("phoneLabel")} error={fieldError("phone")} required>
        <Input
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          placeholder={t("phonePlaceholder")}
          className="h-12 text-base"
          data-testid="phone-input"
          {...register("phone")}
        />
      </Field>

      <Button
        variant="secondary"
        size="lg"
        className="w-full"
        onClick={() => void sendCode()}
        loading={sending}
        disabled={countdown.remaining > 0}
        data-testid="send-code"
      >
        {sending
          ? t("sending")
          : countdown.remaining > 0
            ? t("resendIn", { seconds: countdown.remaining })
            : sentTo
              ? t("resend")
              : t("sendCode")}
      </Button>

      {sentTo && (
        <p role="status" className="text-sm text-emerald-700" data-testid="code-sent">
          {t("codeSent", { phone: sentTo })}
        </p>
      )}

      <Field id="portal-code" label={t("codeLabel")} error={fieldError("code")} required>
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t("codePlaceholder")}
          className="h-12 text-base tracking-[0.3em] placeholder:tracking-normal"
          disabled={!sentTo}
          data-testid="code-input"
          {...register("code")}
        />
      </Field>

      <ConsentCheckbox
        slug={slug}
        context="signIn"
        checked={agreed}
        onChange={(v) => {
          setAgreed(v);
          if (v) setConsentError(null);
        }}
        error={consentError}
      />

      <Button
        type="submit"
        size="lg"
        className="w-full"
        loading={signingIn}
        disabled={!sentTo}
        data-testid="sign-in-submit"
      >
        {signingIn ? t("submitting") : (copy?.submit ?? t("submit"))}
      </Button>

      <p className="text-center text-xs text-slate-500">
        {copy?.notice ?? t("notice", { brand: brandName })}
      </p>
    </form>
  );
}
