"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { isSignedOutError, portalError } from "./portal-error";
import { signInHref } from "./safe-next";

export function PortalLoading({ className }: { className?: string }) {
  const t = useTranslations("common");
  return (
    <div
      role="status"
      aria-live="polite"
      className={`flex items-center justify-center gap-2 py-10 text-sm text-slate-500 ${className ?? ""}`}
    >
      <Spinner />
      {t("loading")}
    </div>
  );
}

/** A failed read, with a retry; an ended session offers sign-in and comes back here. */
export function PortalLoadError({
  error,
  onRetry,
  slug,
  path,
}: {
  error: unknown;
  onRetry: () => void;
  slug: string;
  path: string;
}) {
  const t = useTranslations("common");
  const te = useTranslations("portal.errors");
  if (isSignedOutError(error)) {
    return (
      <Alert tone="warning" title={te("signedOut")} data-testid="portal-signed-out">
        <Link href={signInHref(slug, path)} className={buttonClasses("secondary", "sm", "mt-3")}>
          {t("signIn")}
        </Link>
      </Alert>
    );
  }
  const msg = portalError(error);
  return (
    <Alert tone="danger" title={t("loadFailed")} data-testid="portal-load-error">
      <p>{te(msg.key, msg.values)}</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
        {t("retry")}
      </Button>
    </Alert>
  );
}
