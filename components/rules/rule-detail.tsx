"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { PageHeader } from "@/components/console/page-header";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RuleDetail } from "./types";
import { useRuleErrors } from "./use-rule-errors";
import { useRuleText } from "./use-rule-text";
import { VersionHistory } from "./version-history";

export function RuleDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const rule = useQuery(trpc.commissionRules.get.queryOptions({ id }));
  if (rule.isPending) return <Loading />;
  if (rule.isError) return <LoadError error={rule.error} onRetry={() => void rule.refetch()} />;
  return <Loaded rule={rule.data} />;
}

function Loaded({ rule }: { rule: RuleDetail }) {
  const t = useTranslations("rules.detail");
  const tl = useTranslations("rules.list");
  const tr = useTranslations("rules");
  const format = useFormatter();
  const text = useRuleText();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span data-testid="rule-title">{rule.name}</span>
            <Badge tone={rule.enabled ? "success" : "neutral"}>
              {rule.enabled ? tl("enabled") : tl("disabled")}
            </Badge>
            <Badge tone="brand">
              <span data-testid="rule-current-version">v{rule.version}</span>
            </Badge>
          </span>
        }
        actions={
          <>
            <Link href="/console/rules" className={buttonClasses("ghost")}>
              {tr("allRules")}
            </Link>
            <EnableButton rule={rule} />
            <Link
              href={`/console/rules/${rule.id}/edit`}
              className={buttonClasses("primary")}
              data-testid="rule-edit"
            >
              {t("edit")}
            </Link>
          </>
        }
      />
      {!rule.enabled && rule.disabledAt && (
        <Alert tone="warning">{t("disabledNotice", { time: when(rule.disabledAt) })}</Alert>
      )}
      <Card data-testid="rule-definition">
        <CardHeader title={t("current", { version: rule.version })} />
        <CardBody>
          <dl className="grid gap-x-8 gap-y-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">{t("matches")}</dt>
              <dd className="mt-1 space-y-0.5 text-slate-900">
                {text.conditions(rule.match).map((line) => (
                  <div key={line}>{line}</div>
                ))}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("tiers")}</dt>
              <dd className="mt-1 space-y-0.5 text-slate-900" data-testid="rule-tiers">
                {rule.tiers.map((tier) => (
                  <div key={tier.tier}>{text.pay(tier)}</div>
                ))}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("priority")}</dt>
              <dd className="mt-1 tabular-nums text-slate-900">{rule.priority}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("stackable")}</dt>
              <dd className="mt-1 text-slate-900">{rule.stackable ? t("yes") : t("no")}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("created")}</dt>
              <dd className="mt-1 text-slate-900">{when(rule.createdAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("updated")}</dt>
              <dd className="mt-1 text-slate-900">{when(rule.updatedAt)}</dd>
            </div>
          </dl>
        </CardBody>
      </Card>
      <VersionHistory versions={rule.versions} current={rule.version} />
    </div>
  );
}

function EnableButton({ rule }: { rule: RuleDetail }) {
  const t = useTranslations("rules.detail");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useRuleErrors();
  const setEnabled = useMutation(trpc.commissionRules.setEnabled.mutationOptions());
  const enable = !rule.enabled;
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant={enable ? "secondary" : "danger"}
          data-testid={enable ? "rule-enable" : "rule-disable"}
        >
          {enable ? t("enable") : t("disable")}
        </Button>
      }
      tone={enable ? "primary" : "danger"}
      title={
        enable ? t("enableTitle", { name: rule.name }) : t("disableTitle", { name: rule.name })
      }
      description={enable ? t("enableBody") : t("disableBody")}
      confirmLabel={enable ? t("enable") : t("disable")}
      confirmTestId="rule-enabled-confirm"
      onConfirm={async () => {
        await setEnabled.mutateAsync({ id: rule.id, enabled: enable });
        await queryClient.invalidateQueries(trpc.commissionRules.pathFilter());
      }}
      describeError={(e) => errors.describe(e)}
    />
  );
}
