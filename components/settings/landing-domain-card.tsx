"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * Short links send buyers to the landing URL only once the brand proves it controls the host
 * with a DNS TXT record; until then they land on the brand's portal join page.
 */
export function LandingDomainCard({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("settings.landing");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const status = useQuery(trpc.settings.landingVerification.queryOptions());
  const [message, setMessage] = useState<{ tone: "success" | "warning" | "danger"; text: string } | null>(null);
  const verify = useMutation(
    trpc.settings.verifyLandingDomain.mutationOptions({
      onSuccess: (r) => {
        queryClient.setQueryData(trpc.settings.landingVerification.queryKey(), r.status);
        setMessage(r.result === "verified" ? { tone: "success", text: t("verifiedNow") } : { tone: "warning", text: t("notFound") });
      },
      onError: (e) => setMessage({ tone: "danger", text: errors.describe(e) }),
    }),
  );

  if (status.isPending) return <Loading />;
  if (status.isError) return <LoadError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  return (
    <Card data-testid="landing-domain">
      <CardHeader
        title={t("title")}
        description={t("description")}
        actions={
          s.host ? (
            <Badge tone={s.verified ? "success" : "warning"}>{s.verified ? t("verified") : t("notVerified")}</Badge>
          ) : undefined
        }
      />
      <CardBody className="space-y-4 text-sm">
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        {!s.host || !s.record ? (
          <p className="text-slate-600">{t("none")}</p>
        ) : s.verified ? (
          <p className="text-slate-700" data-testid="landing-domain-verified">
            {t("verifiedBody", {
              host: s.host,
              at: s.verifiedAt ? format.dateTime(s.verifiedAt, { dateStyle: "medium" }) : "",
            })}
          </p>
        ) : (
          <>
            <p className="text-slate-700">{t("instructions", { host: s.host })}</p>
            <dl className="grid grid-cols-[auto_1fr_auto] items-center gap-x-3 gap-y-2 rounded-md bg-slate-50 p-4">
              <dt className="text-slate-500">{t("recordType")}</dt>
              <dd className="font-mono text-slate-900">TXT</dd>
              <span />
              <dt className="text-slate-500">{t("recordName")}</dt>
              <dd className="font-mono break-all text-slate-900" data-testid="landing-record-name">
                {s.record.name}
              </dd>
              <CopyButton value={s.record.name} label={t("copyName")} />
              <dt className="text-slate-500">{t("recordValue")}</dt>
              <dd className="font-mono break-all text-slate-900" data-testid="landing-record-value">
                {s.record.value}
              </dd>
              <CopyButton value={s.record.value} label={t("copyValue")} />
            </dl>
            <p className="text-slate-600">{t("untilVerified")}</p>
            {canWrite && (
              <Button loading={verify.isPending} onClick={() => verify.mutate()} data-testid="landing-verify">
                {verify.isPending ? t("verifying") : t("verify")}
              </Button>
            )}
          </>
        )}
      </CardBody>
    </Card>
  );
}
