"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { formatFen } from "@/components/ui/money";
import { portalPath } from "./links";
import { portalError } from "./portal-error";
import { signInHref } from "./safe-next";
import { SignInForm } from "./sign-in-form";

const CARD = "space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-xs";

export interface BuyerLandingData {
  product: { sku: string; name: string; priceFen: number; imageUrl: string | null } | null;
  buttons: { channel: "tmall" | "jd" | "pdd" | "douyin" | "h5" | "miniProgram"; href: string }[];
}

/**
 * The buyer page a distributor's short link leads to (`?ref=CODE`, `&sku=` for a product): the
 * product, who recommended it, and "buy on …" buttons that carry the referral. Signing in to
 * record the recommender (binding) is offered below, optional: never a wall before buying.
 */
export function JoinView({
  slug,
  brandName,
  signedIn,
  inviter,
  path,
  landing,
  askedForProduct,
  ownLink = false,
}: {
  slug: string;
  brandName: string;
  signedIn: boolean;
  landing: BuyerLandingData;
  /** The link was for a product (`sku`), which may since have been archived. */
  askedForProduct: boolean;
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
      {landing.product ? (
        <ProductCard product={landing.product} recommender={inviter} />
      ) : (
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
          <p className="text-sm text-slate-600">
            {askedForProduct ? t("productUnavailable", { brand: brandName }) : t("pitch", { brand: brandName })}
          </p>
        </section>
      )}

      <section className={CARD} data-testid="buy-channels">
        <h2 className="text-base font-semibold text-slate-900">{t("buyTitle")}</h2>
        {landing.buttons.length ? (
          <div className="flex flex-col gap-3">
            {landing.buttons.map((b, i) => (
              <a
                key={b.channel}
                href={b.href}
                rel="noopener noreferrer"
                className={buttonClasses(i === 0 ? "primary" : "secondary", "lg", "w-full")}
                data-testid={`buy-${b.channel}`}
              >
                {t(`buyOn.${b.channel}`, { brand: brandName })}
              </a>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-600" data-testid="buy-none">
            {t("noChannels", { brand: brandName })}
          </p>
        )}
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

function ProductCard({
  product,
  recommender,
}: {
  product: NonNullable<BuyerLandingData["product"]>;
  recommender: { inviterName: string; inviterCode: string } | null;
}) {
  const t = useTranslations("portal.join");
  const locale = useLocale();
  return (
    <section className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" data-testid="landing-product">
      {product.imageUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- brand images come from anywhere the brand chose
        <img src={product.imageUrl} alt={product.name} className="aspect-square w-full bg-slate-100 object-cover" data-testid="landing-product-image" />
      ) : (
        <div aria-hidden="true" className="flex aspect-[2/1] w-full items-center justify-center bg-linear-to-b from-brand-50 to-white text-5xl font-semibold text-brand-600">
          {Array.from(product.name)[0] ?? "?"}
        </div>
      )}
      <div className="space-y-2 p-5">
        <h1 className="text-xl font-semibold text-slate-900" data-testid="landing-product-name">
          {product.name}
        </h1>
        <p className="text-2xl font-semibold text-red-600 tabular-nums" data-testid="landing-product-price">
          {formatFen(product.priceFen, locale)}
        </p>
        {recommender && (
          <p className="text-sm text-slate-600" data-testid="join-inviter" data-code={recommender.inviterCode}>
            {t("recommendedBy", { name: recommender.inviterName })}
          </p>
        )}
      </div>
    </section>
  );
}
