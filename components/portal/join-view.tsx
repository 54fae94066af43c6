"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { portalPath } from "./links";
import { portalError } from "./portal-error";
import { signInHref } from "./safe-next";
import { SignInForm } from "./sign-in-form";

const CARD = "space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-xs";

/**
 * The buyer landing page a distributor's short link leads to (`?ref=CODE`): who invited me,
 * then phone sign-in that binds me to that distributor, then a confirmation.
 */
export function JoinView({
  slug,
  brandName,
  signedIn,
  inviter,
  path,
  ownLink = false,
}: {
  slug: string;
  brandName: string;
  signedIn: boolean;
  /** The signed-in member is the distributor behind `?ref=`: its own link. */
  ownLink?: boolean;
  /** The distributor behind `?ref=`, when it is a valid, active code. */
  inviter: { inviterName: string; inviterCode: string } | null;
  path: string;
}) {
  const t = useTranslations("portal.join");
  const router = useRouter();
  const [done, setDone] = useState(false);

  return (
    <div className="space-y-5" data-testid="join-page">
      <section className="flex flex-col items-center gap-3 rounded-xl bg-linear-to-b from-brand-50 to-white px-5 pt-6 pb-2 text-center">
        <span
          aria-hidden="true"
          className="flex size-14 items-center justify-center rounded-full bg-brand-600 text-2xl font-semibold text-white"
        >
          {Array.from(brandName)[0] ?? "?"}
        </span>
        {inviter ? (
          <h1
            className="text-xl font-semibold text-slate-900"
            data-testid="join-inviter"
            data-code={inviter.inviterCode}
          >
            {t("invitedBy", { name: inviter.inviterName, brand: brandName })}
          </h1>
        ) : (
          <h1 className="text-xl font-semibold text-slate-900" data-testid="join-welcome">
            {t("welcome", { brand: brandName })}
          </h1>
        )}
        <p className="text-sm text-slate-600">{t("pitch", { brand: brandName })}</p>
      </section>

      {ownLink ? (
        <section className={`${CARD} text-center`} data-testid="join-own-link" aria-live="polite">
          <h2 className="text-lg font-semibold text-slate-900">{t("ownLink.title")}</h2>
          <p className="text-sm text-slate-600">{t("ownLink.body")}</p>
          <Link href={portalPath(slug, "promote")} className={buttonClasses("primary", "lg", "w-full")} data-testid="join-own-promote">
            {t("ownLink.promote")}
          </Link>
        </section>
      ) : done ? (
        <section className={`${CARD} text-center`} data-testid="join-done" aria-live="polite">
          <div
            aria-hidden="true"
            className="mx-auto flex size-12 items-center justify-center rounded-full bg-emerald-50 text-2xl text-emerald-600"
          >
            ✓
          </div>
          <h2 className="text-lg font-semibold text-slate-900">
            {t("doneTitle", { brand: brandName })}
          </h2>
          <p className="text-sm text-slate-600">{t("doneBody", { brand: brandName })}</p>
          <Link
            href={portalPath(slug)}
            className={buttonClasses("primary", "lg", "w-full")}
            data-testid="join-home"
          >
            {t("goHome")}
          </Link>
        </section>
      ) : signedIn ? (
        <Claim
          slug={slug}
          brandName={brandName}
          refCode={inviter?.inviterCode}
          path={path}
          onDone={() => setDone(true)}
        />
      ) : (
        <div className={CARD}>
          <SignInForm
            slug={slug}
            brandName={brandName}
            referralCode={inviter?.inviterCode}
            onSignedIn={() => {
              setDone(true);
              // The shared layout learns that someone is signed in now.
              router.refresh();
            }}
            copy={{
              title: t("signIn.title"),
              subtitle: t("signIn.subtitle", { brand: brandName }),
              notice: t("signIn.notice", { brand: brandName }),
              submit: t("signIn.submit"),
            }}
          />
        </div>
      )}
    </div>
  );
}

/** Already signed in: one tap binds me through this link. */
function Claim({
  slug,
  brandName,
  refCode,
  path,
  onDone,
}: {
  slug: string;
  brandName: string;
  refCode: string | undefined;
  path: string;
  onDone: () => void;
}) {
  const t = useTranslations("portal.join");
  const te = useTranslations("portal.errors");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const claim = useMutation(trpc.portal.claim.mutationOptions({ onSuccess: onDone }));
  const error = claim.isError ? portalError(claim.error) : null;
  return (
    <section className={CARD}>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold text-slate-900">{t("claim.title")}</h2>
        <p className="text-sm text-slate-600">{t("claim.body", { brand: brandName })}</p>
      </div>
      {error && (
        <Alert tone="danger" data-testid="join-error">
          {error.key === "wrongCode" ? te("signedOut") : te(error.key, error.values)}
          {error.key === "wrongCode" && (
            <Link
              href={signInHref(slug, path)}
              className={buttonClasses("secondary", "sm", "mt-3 flex w-fit")}
            >
              {tc("signIn")}
            </Link>
          )}
        </Alert>
      )}
      <Button
        size="lg"
        className="w-full"
        loading={claim.isPending || claim.isSuccess}
        onClick={() => claim.mutate({ slug, ...(refCode ? { ref: refCode } : {}) })}
        data-testid="join-claim"
      >
        {t("claim.submit")}
      </Button>
    </section>
  );
}
