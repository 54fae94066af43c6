"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";

/** Until the signed-in user verified the address: a reminder with "send again". */
export function VerifyEmailBanner() {
  const t = useTranslations("account.verify");
  const locale = useLocale();
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.emailStatus.queryOptions());
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  if (!status.data || status.data.verified) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-amber-200 bg-amber-50 px-6 py-2 text-sm text-amber-900" role="status" data-testid="verify-email-banner">
      <span>{t("banner", { email: status.data.email })}</span>
      {resend.isSuccess ? (
        <span data-testid="verify-email-resent">{t("resent")}</span>
      ) : (
        <Button size="sm" variant="secondary" loading={resend.isPending} onClick={() => resend.mutate({ locale: locale === "en" ? "en" : "zh-CN" })} data-testid="verify-email-resend">
          {t("resend")}
        </Button>
      )}
    </div>
  );
}
