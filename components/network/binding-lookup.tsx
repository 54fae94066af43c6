"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Td, Th, Tr } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import type { AppRouter } from "@/server/api/root";
import { DistributorPicker, type PickedDistributor } from "./distributor-picker";
import { useNetworkLabels } from "./labels";
import { TableCard } from "./table-card";
import type { BindingLookup, BindingRow, BindOutcome } from "./types";
import { useInvalidateNetwork } from "./use-invalidate-network";
import { useNetworkErrors } from "./use-network-errors";

type Kind = inferRouterInputs<AppRouter>["bindings"]["lookup"]["kind"];
const KINDS = [
  "phone",
  "wechat_unionid",
  "wechat_openid",
  "tmall_buyer",
  "jd_pin",
  "pdd_uid",
  "douyin_openid",
  "email",
] as const satisfies readonly Kind[];

/** Who a buyer is bound to, how that came about, and a manual override with a reason. */
export function BindingLookupView({ canManage }: { canManage: boolean }) {
  const t = useTranslations("network.bindings");
  const labels = useNetworkLabels();
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>("phone");
  const [value, setValue] = useState("");
  const [valueError, setValueError] = useState<string>();
  const [submitted, setSubmitted] = useState<{ kind: Kind; value: string } | null>(null);
  const lookup = useQuery({ ...trpc.bindings.lookup.queryOptions(submitted ?? { kind: "phone", value: "-" }), enabled: !!submitted });

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("lookupTitle")} description={t("lookupDescription")} />
        <CardBody>
          <form
            role="search"
            noValidate
            className="grid items-start gap-4 sm:grid-cols-[14rem_1fr_auto]"
            onSubmit={(e) => {
              e.preventDefault();
              if (!value.trim()) return setValueError(t("valueRequired"));
              setValueError(undefined);
              setSubmitted({ kind, value: value.trim() });
            }}
          >
            <Field id="binding-kind" label={t("kind")}>
              <Select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="binding-lookup-kind">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {labels.identityKind(k)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="binding-value" label={t("value")} hint={kind === "phone" ? t("phoneHint") : t("valueHint")} error={valueError} required>
              <Input value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} autoComplete="off" data-testid="binding-lookup-value" />
            </Field>
            <Button type="submit" className="sm:mt-6.5" loading={lookup.isFetching} data-testid="binding-lookup-submit">
              {t("lookup")}
            </Button>
          </form>
        </CardBody>
      </Card>

      {submitted &&
        (lookup.isPending ? (
          <Loading />
        ) : lookup.isError ? (
          <LoadError error={lookup.error} onRetry={() => void lookup.refetch()} />
        ) : lookup.data === null ? (
          <EmptyState
            data-testid="binding-not-found"
            title={t("notFoundTitle", { kind: labels.identityKind(submitted.kind) })}
            description={t("notFoundBody")}
          />
        ) : (
          <BuyerBindings key={lookup.data.memberId} data={lookup.data} canManage={canManage} />
        ))}
    </div>
  );
}

function BuyerBindings({ data, canManage }: { data: BindingLookup; canManage: boolean }) {
  const t = useTranslations("network.bindings");
  const labels = useNetworkLabels();
  const format = useFormatter();
  const current = data.history.find((h) => !h.endedAt) ?? null;
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : "—");
  return (
    <div className="space-y-6" data-testid="binding-result">
      <Card>
        <CardHeader title={t("buyerTitle", { buyer: data.masked })} />
        <CardBody>
          {current ? (
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="binding-current">
              <div>
                <dt className="text-xs font-medium text-slate-500">{t("boundTo")}</dt>
                <dd className="mt-0.5 text-sm">
                  <DistributorLink row={current} />
                </dd>
              </div>
              <div>
                <dt className="text-xs font-medium text-slate-500">{t("source")}</dt>
                <dd className="mt-0.5 text-sm">{labels.source(current.source)}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium text-slate-500">{t("boundAt")}</dt>
                <dd className="mt-0.5 text-sm">{when(current.boundAt)}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium text-slate-500">{t("protection")}</dt>
                <dd className="mt-0.5 text-sm">
                  {current.protectedUntil && current.protectedUntil > new Date() ? (
                    <Badge tone="info">{t("protectedUntil", { date: when(current.protectedUntil) })}</Badge>
                  ) : current.protectedUntil ? (
                    t("protectionEnded", { date: when(current.protectedUntil) })
                  ) : (
                    t("noProtection")
                  )}
                </dd>
              </div>
              {current.reason && (
                <div className="sm:col-span-2 lg:col-span-4">
                  <dt className="text-xs font-medium text-slate-500">{t("overrideReason")}</dt>
                  <dd className="mt-0.5 text-sm">{current.reason}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p className="text-sm text-slate-600" data-testid="binding-current">
              {t("unbound")}
            </p>
          )}
        </CardBody>
      </Card>

      {canManage && <OverrideForm memberId={data.memberId} current={current} />}

      <TableCard
        testId="binding-history"
        title={t("historyTitle")}
        description={t("historyDescription")}
        emptyText={t("noHistory")}
        items={data.history}
        head={
          <>
            <Th>{t("distributor")}</Th>
            <Th>{t("source")}</Th>
            <Th>{t("boundAt")}</Th>
            <Th>{t("protectedColumn")}</Th>
            <Th>{t("endedAt")}</Th>
            <Th>{t("endedReason")}</Th>
          </>
        }
        row={(h) => (
          <Tr key={h.id}>
            <Td>
              <DistributorLink row={h} />
              {!h.endedAt && (
                <Badge tone="success" className="ml-2">
                  {t("currentBadge")}
                </Badge>
              )}
              {h.reason && <p className="mt-0.5 text-xs text-slate-500">{h.reason}</p>}
            </Td>
            <Td>{labels.source(h.source)}</Td>
            <Td className="whitespace-nowrap text-slate-600">{when(h.boundAt)}</Td>
            <Td className="whitespace-nowrap text-slate-600">{h.protectedUntil ? when(h.protectedUntil) : t("noProtectionShort")}</Td>
            <Td className="whitespace-nowrap text-slate-600">{h.endedAt ? when(h.endedAt) : "—"}</Td>
            <Td className="text-slate-600">{h.endedReason ? <EndedReason reason={h.endedReason} /> : "—"}</Td>
          </Tr>
        )}
      />
    </div>
  );
}

function DistributorLink({ row }: { row: Pick<BindingRow, "distributorId" | "distributorName" | "distributorCode"> }) {
  return (
    <Link href={`/console/distributors/${row.distributorId}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
      {row.distributorName} <span className="font-mono text-xs text-slate-500">{row.distributorCode}</span>
    </Link>
  );
}

/** "rebound:link" → "Replaced (link)"; "member_merged" → "Accounts merged (OneID)". */
export function EndedReason({ reason }: { reason: string }) {
  const t = useTranslations("network.bindings");
  const labels = useNetworkLabels();
  if (reason === "member_merged") return <>{t("endedMerged")}</>;
  const rebound = /^rebound:(.+)$/.exec(reason);
  if (rebound?.[1]) return <>{t("endedRebound", { source: labels.source(rebound[1]) })}</>;
  return <>{reason}</>;
}

function OverrideForm({ memberId, current }: { memberId: string; current: BindingRow | null }) {
  const t = useTranslations("network.bindings");
  const trpc = useTRPC();
  const errors = useNetworkErrors();
  const invalidate = useInvalidateNetwork();
  const override = useMutation(trpc.bindings.override.mutationOptions());
  const [target, setTarget] = useState<PickedDistributor | null>(null);
  const [reason, setReason] = useState("");
  const [errs, setErrs] = useState<{ target?: string; reason?: string }>({});
  const [result, setResult] = useState<{ outcome: BindOutcome; target: PickedDistributor; previous: BindingRow | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Remounts the picker (clearing its search) after a change went through.
  const [pickerKey, setPickerKey] = useState(0);

  return (
    <Card data-testid="binding-override">
      <CardHeader title={t("overrideTitle")} description={t("overrideDescription")} />
      <CardBody>
        {result && <OverrideOutcome outcome={result.outcome} target={result.target} previous={result.previous} />}
        {error && (
          <Alert tone="danger" className="mb-4">
            {error}
          </Alert>
        )}
        <form
          noValidate
          className="grid items-start gap-4 lg:grid-cols-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const next: typeof errs = {};
            if (!target) next.target = t("targetRequired");
            if (reason.trim().length < 2) next.reason = t("reasonRequired");
            setErrs(next);
            if (!target || next.reason) return;
            setError(null);
            setResult(null);
            try {
              const outcome = await override.mutateAsync({ memberId, distributorId: target.id, reason: reason.trim() });
              // The binding before this change (the lookup refreshes right after).
              setResult({ outcome, target, previous: current });
              if (outcome.action === "bind" || outcome.action === "rebind") {
                setReason("");
                setTarget(null);
                setPickerKey((k) => k + 1);
              }
              await invalidate();
            } catch (err) {
              setError(errors.describe(err));
            }
          }}
        >
          <Field id="binding-override-target" label={t("newDistributor")} hint={t("newDistributorHint")} error={errs.target} required>
            <DistributorPicker key={pickerKey} value={target} onChange={setTarget} inputTestId="binding-override-code" />
          </Field>
          <Field id="binding-override-reason" label={t("reason")} hint={t("reasonHint")} error={errs.reason} required>
            <Textarea value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="binding-override-reason" />
          </Field>
          <div className="flex justify-end lg:col-span-2">
            <Button type="submit" loading={override.isPending} data-testid="binding-override-submit">
              {t("overrideSubmit")}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

function OverrideOutcome({ outcome, target, previous }: { outcome: BindOutcome; target: PickedDistributor; previous: BindingRow | null }) {
  const t = useTranslations("network.bindings");
  const format = useFormatter();
  const who = `${target.name} (${target.code})`;
  const until = "protectedUntil" in outcome && outcome.protectedUntil ? format.dateTime(outcome.protectedUntil, { dateStyle: "medium" }) : null;
  let tone: "success" | "info" | "danger" = "success";
  let text: string;
  switch (outcome.action) {
    case "bind":
      text = t("outcome.bind", { who });
      break;
    case "rebind":
      text = previous ? t("outcome.rebind", { who, previous: `${previous.distributorName} (${previous.distributorCode})` }) : t("outcome.bind", { who });
      break;
    case "keep":
      tone = "info";
      text = outcome.reason === "same_distributor" ? t("outcome.same", { who }) : t("outcome.kept");
      break;
    case "refuse":
      tone = "danger";
      text = t(`outcome.refuse.${outcome.reason}`, { who });
      break;
  }
  return (
    <Alert tone={tone} className="mb-4" data-testid="binding-override-result" title={text}>
      {until && t("outcome.protectedUntil", { date: until })}
    </Alert>
  );
}
