"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useForm, useWatch, type RegisterOptions } from "react-hook-form";
import { LoadError, Loading } from "@/components/console/query-states";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { AppRouter } from "@/server/api/root";

type Gateway = inferRouterOutputs<AppRouter>["withdrawals"]["gateways"][number];
type Channel = Gateway["channel"];
type SaveInput = inferRouterInputs<AppRouter>["withdrawals"]["saveGateway"];
type Values = Record<string, string>;

/*
 * The rules live on the server (server/payouts/gateways/schemas.ts: formats, key parsing); its
 * field codes land on these fields. The form only checks what it alone knows: which secrets are
 * still needed (none is sent back, so a blank one means "keep the saved one").
 */
const URL_MAX = 500;

type Kind = "text" | "pem" | "password" | "select";
interface FieldSpec {
  name: string;
  kind: Kind;
  /** A secret: never sent back by the server (a hint instead); blank keeps the saved one. */
  secret?: boolean;
  /** Public fields: blank is allowed (the server's default applies). */
  optional?: boolean;
  max: number;
  options?: readonly string[];
  /** Whether the field applies given the other values (Alipay's two modes). */
  when?: (v: Values) => boolean;
  /** Whether a saved secret is needed for this configuration. */
  needed?: (v: Values) => boolean;
  hint?: boolean;
}

const always = () => true;
const keyMode = (v: Values) => v.mode === "key";
const certMode = (v: Values) => v.mode === "cert";

const FIELDS: Record<Channel, FieldSpec[]> = {
  wechat: [
    { name: "mchid", kind: "text", max: 12 },
    { name: "appid", kind: "text", max: 32 },
    { name: "merchantSerial", kind: "text", max: 64 },
    {
      name: "publicKeyId",
      kind: "text",
      max: 128,
    },
    {
      name: "transferSceneId",
      kind: "text",
      optional: true,
      max: 8,
      hint: true,
    },
    { name: "baseURL", kind: "text", optional: true, max: URL_MAX, hint: true },
    { name: "privateKey", kind: "pem", secret: true, max: 10_000, needed: always },
    { name: "publicKey", kind: "pem", secret: true, max: 10_000, needed: always },
    { name: "apiV3Key", kind: "password", secret: true, max: 64, needed: always, hint: true },
    { name: "oauthSecret", kind: "password", secret: true, max: 64, hint: true },
  ],
  alipay: [
    { name: "appId", kind: "text", max: 32 },
    { name: "mode", kind: "select", options: ["cert", "key"], max: 8 },
    { name: "keyType", kind: "select", options: ["PKCS8", "PKCS1"], max: 8 },
    { name: "endpoint", kind: "text", optional: true, max: URL_MAX, hint: true },
    { name: "privateKey", kind: "pem", secret: true, max: 10_000, needed: always },
    {
      name: "alipayPublicKey",
      kind: "pem",
      secret: true,
      max: 10_000,
      when: keyMode,
      needed: keyMode,
    },
    { name: "appCert", kind: "pem", secret: true, max: 20_000, when: certMode, needed: certMode },
    {
      name: "alipayPublicCert",
      kind: "pem",
      secret: true,
      max: 20_000,
      when: certMode,
      needed: certMode,
    },
    {
      name: "alipayRootCert",
      kind: "pem",
      secret: true,
      max: 40_000,
      when: certMode,
      needed: certMode,
    },
  ],
  flexible: [
    { name: "gatewayUrl", kind: "text", max: URL_MAX },
    { name: "appId", kind: "text", max: 64 },
    {
      name: "secret",
      kind: "password",
      secret: true,
      max: 256,
      needed: always,
      hint: true,
    },
  ],
};

const DEFAULTS: Record<Channel, Values> = {
  wechat: { transferSceneId: "1005" },
  alipay: { mode: "cert", keyType: "PKCS8" },
  flexible: {},
};

/** The rule for one field; returns a message code (translated when shown) or true. */
function rules(spec: FieldSpec, hints: Record<string, string>): RegisterOptions<Values, string> {
  return {
    validate: (raw: string, all: Values) => {
      if (spec.when && !spec.when(all)) return true;
      const value = spec.secret ? raw : raw.trim();
      if (!value.trim()) {
        if (spec.secret) return spec.needed?.(all) && !hints[spec.name] ? "required" : true;
        return spec.optional || spec.kind === "select" ? true : "required";
      }
      if (value.length > spec.max) return "too_long";
      return true;
    },
  };
}

function toInput(channel: Channel, v: Values): SaveInput {
  const out: Record<string, string | undefined> = { channel };
  for (const spec of FIELDS[channel]) {
    if (spec.when && !spec.when(v)) continue;
    const raw = v[spec.name] ?? "";
    // Blank secrets are left out: the server keeps the saved ones.
    out[spec.name] = raw.trim() ? (spec.secret ? raw : raw.trim()) : undefined;
  }
  return out as unknown as SaveInput;
}

const SOURCE_TONE: Record<Gateway["source"], BadgeTone> = {
  brand: "success",
  deployment: "info",
  none: "warning",
};

/** Field messages: the gateway codes first, then the shared validation keys (invalid_format, …). */
function useGatewayFieldText() {
  const t = useTranslations("withdrawals.gateways.errors");
  const base = useErrorMessages();
  return useCallback(
    (message?: string) => {
      if (!message) return undefined;
      // A code, or a catalogue key ending in one ("payoutGateways.errors.mchid").
      const code = message.split(".").pop()!;
      return t.has(code) ? t(code) : base.field(message);
    },
    [t, base],
  );
}

/**
 * Settings → Withdrawals: the brand's own payout gateway credentials per channel (WeChat Pay,
 * Alipay, flexible-employment platform), whose credentials pay today, the last connection test,
 * and (for staff who can change settings) editing, testing and removing them.
 */
export function PayoutGatewaysCard({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("withdrawals.gateways");
  const trpc = useTRPC();
  const q = useQuery(trpc.withdrawals.gateways.queryOptions());
  return (
    <Card data-testid="payout-gateways">
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {q.data.map((g) => (
              <GatewayRow key={g.channel} gateway={g} canWrite={canWrite} />
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

function GatewayRow({ gateway: g, canWrite }: { gateway: Gateway; canWrite: boolean }) {
  const t = useTranslations("withdrawals.gateways");
  const format = useFormatter();
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  // `unlinked`: distributors whose WeChat link a new app id voided (they are asked to link again).
  const [notice, setNotice] = useState<{ kind: "saved" | "removed"; unlinked: number } | null>(
    null,
  );
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.withdrawals.gateways.queryKey() });
  const check = useMutation(
    trpc.withdrawals.checkGateway.mutationOptions({
      onSuccess: (result) => {
        // The result is recorded on the row: show it at once, then refetch.
        qc.setQueryData(trpc.withdrawals.gateways.queryKey(), (rows) =>
          rows?.map((r) => (r.channel === g.channel ? { ...r, check: result } : r)),
        );
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.withdrawals.removeGateway.mutationOptions());
  const channelName = t(`channels.${g.channel}`);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const own = g.source === "brand";
  const secretNames = FIELDS[g.channel].filter((f) => f.secret && g.secrets?.[f.name]);
  const publicNames = FIELDS[g.channel].filter((f) => !f.secret && g.config?.[f.name]);
  const configText = (name: string, value: string) =>
    name === "mode" ? t(`modes.${value}`) : name === "keyType" ? t(`keyTypes.${value}`) : value;

  return (
    <li
      className="space-y-3 py-5 first:pt-0 last:pb-0"
      data-testid={`gateway-${g.channel}`}
      data-source={g.source}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-sm font-semibold text-slate-900">{channelName}</h3>
            <Badge tone={SOURCE_TONE[g.source]}>
              <span data-testid={`gateway-source-${g.channel}`}>{t(`source.${g.source}`)}</span>
            </Badge>
          </div>
          <p className="text-sm text-slate-600">{t(`purpose.${g.channel}`)}</p>
          <p className="text-xs text-slate-500">{t(`sourceHelp.${g.source}`)}</p>
        </div>
        {canWrite && (
          <div className="flex flex-wrap gap-2">
            <Button
              size="sm"
              variant="secondary"
              data-testid={`gateway-edit-${g.channel}`}
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {own ? t("edit") : t("setUp")}
            </Button>
            {own && (
              <Button
                size="sm"
                variant="secondary"
                loading={check.isPending}
                data-testid={`gateway-test-${g.channel}`}
                onClick={() => {
                  setNotice(null);
                  check.mutate({ channel: g.channel });
                }}
              >
                {t("test")}
              </Button>
            )}
            {own && (
              <ConfirmDialog
                trigger={
                  <Button size="sm" variant="ghost" data-testid={`gateway-remove-${g.channel}`}>
                    {t("remove")}
                  </Button>
                }
                title={t("removeTitle", { channel: channelName })}
                description={t("removeBody")}
                confirmLabel={t("removeConfirm")}
                confirmTestId={`gateway-remove-confirm-${g.channel}`}
                describeError={(e) => errors.describe(e)}
                onConfirm={async () => {
                  const r = await remove.mutateAsync({ channel: g.channel });
                  check.reset();
                  await refresh();
                  setNotice({ kind: "removed", unlinked: r.unlinkedWechat });
                }}
              />
            )}
          </div>
        )}
      </div>

      {canWrite && own && (publicNames.length > 0 || secretNames.length > 0) && (
        <dl
          className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2"
          data-testid={`gateway-details-${g.channel}`}
        >
          {publicNames.map((f) => (
            <div key={f.name} className="min-w-0">
              <dt className="text-xs text-slate-500">{t(`fields.${g.channel}.${f.name}`)}</dt>
              <dd className="font-mono text-xs break-all text-slate-800">
                {configText(f.name, g.config![f.name]!)}
              </dd>
            </div>
          ))}
          {secretNames.map((f) => (
            <div key={f.name} className="min-w-0">
              <dt className="text-xs text-slate-500">{t(`fields.${g.channel}.${f.name}`)}</dt>
              <dd
                className="font-mono text-xs break-all text-slate-800"
                data-testid={`gateway-hint-${g.channel}-${f.name}`}
              >
                {t("secretSet", { hint: g.secrets![f.name]! })}
              </dd>
            </div>
          ))}
        </dl>
      )}

      {canWrite && g.notifyUrl && (
        <div className="space-y-1">
          <p className="text-xs text-slate-500">{t("notifyUrl")}</p>
          <div className="flex items-center gap-2">
            <code
              className="min-w-0 flex-1 truncate rounded bg-slate-50 px-2 py-1.5 text-xs text-slate-800"
              data-testid="gateway-notify-url"
            >
              {g.notifyUrl}
            </code>
            <CopyButton value={g.notifyUrl} label={t("copyNotifyUrl")} />
          </div>
          <p className="text-xs text-slate-500">{t("notifyUrlHint")}</p>
        </div>
      )}

      {g.check ? (
        <Alert
          tone={g.check.ok ? "success" : "danger"}
          title={g.check.ok ? t("checkOk") : t("checkFailed")}
          data-testid={`gateway-check-${g.channel}`}
        >
          {g.check.ok
            ? t("checkOkBody", { at: when(g.check.at) })
            : t("checkFailedBody", { message: g.check.message, at: when(g.check.at) })}
        </Alert>
      ) : (
        own && <p className="text-xs text-slate-500">{t("notChecked")}</p>
      )}
      {own && g.updatedAt && (
        <p className="text-xs text-slate-500">{t("savedAt", { at: when(g.updatedAt) })}</p>
      )}
      {check.error && <Alert tone="danger">{errors.describe(check.error)}</Alert>}
      {notice && (
        <Alert tone="success" data-testid={`gateway-notice-${g.channel}`}>
          {t(notice.kind)}
          {notice.unlinked > 0 && ` ${t("unlinkedWechat", { count: notice.unlinked })}`}
        </Alert>
      )}

      {canWrite && (
        <GatewayDialog
          gateway={g}
          open={editing}
          onOpenChange={setEditing}
          onSaved={async (unlinked) => {
            check.reset();
            await refresh();
            setEditing(false);
            setNotice({ kind: "saved", unlinked });
          }}
        />
      )}
    </li>
  );
}

function GatewayDialog({
  gateway: g,
  open,
  onOpenChange,
  onSaved,
}: {
  gateway: Gateway;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (unlinkedWechat: number) => Promise<void>;
}) {
  const t = useTranslations("withdrawals.gateways");
  const trpc = useTRPC();
  const save = useMutation(trpc.withdrawals.saveGateway.mutationOptions());
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("formTitle", { channel: t(`channels.${g.channel}`) })}
      description={t(`purpose.${g.channel}`)}
      busy={save.isPending}
      size="lg"
      data-testid={`gateway-dialog-${g.channel}`}
    >
      {/* Mounted only while open: every opening starts from what is saved. */}
      <GatewayForm
        gateway={g}
        save={save.mutateAsync}
        onCancel={() => onOpenChange(false)}
        onSaved={onSaved}
      />
    </Dialog>
  );
}

function GatewayForm({
  gateway: g,
  save,
  onCancel,
  onSaved,
}: {
  gateway: Gateway;
  save: (input: SaveInput) => Promise<{ unlinkedWechat: number }>;
  onCancel: () => void;
  onSaved: (unlinkedWechat: number) => Promise<void>;
}) {
  const t = useTranslations("withdrawals.gateways");
  const errors = useErrorMessages();
  const fieldText = useGatewayFieldText();
  const channel = g.channel;
  const specs = FIELDS[channel];
  const hints = g.secrets ?? {};
  const [formError, setFormError] = useState<string | null>(null);
  const defaults: Values = Object.fromEntries(
    specs.map((s) => [
      s.name,
      s.secret ? "" : (g.config?.[s.name] ?? DEFAULTS[channel][s.name] ?? ""),
    ]),
  );
  const { register, handleSubmit, setError, formState, control } = useForm<Values>({
    defaultValues: defaults,
  });
  const values = useWatch({ control }) as Values;
  const fe = formState.errors;
  const p = `gateway-${channel}`;
  const label = (name: string) => t(`fields.${channel}.${name}`);

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    let unlinked = 0;
    try {
      unlinked = (await save(toInput(channel, v))).unlinkedWechat;
    } catch (e) {
      const names = specs.map((s) => s.name);
      if (!applyFieldErrors(e, names, (name, err, opts) => setError(name, err, opts)))
        setFormError(errors.describe(e));
      return;
    }
    await onSaved(unlinked);
  });

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      className="grid gap-4 sm:grid-cols-2"
      data-testid={`${p}-form`}
    >
      {formError && (
        <Alert tone="danger" className="sm:col-span-2" data-testid={`${p}-form-error`}>
          {formError}
        </Alert>
      )}
      {channel === "wechat" &&
        g.source !== "none" &&
        values.appid &&
        values.appid.trim() !== (g.config?.appid ?? "") && (
          // The deployment's app id is not shown here, so a brand's first own app gets the warning too.
          <Alert tone="warning" className="sm:col-span-2" data-testid={`${p}-appid-warning`}>
            {t("appidChangeWarning")}
          </Alert>
        )}
      {specs
        .filter((s) => !s.when || s.when(values))
        .map((s) => {
          const id = `${p}-${s.name}`;
          const hint =
            s.secret && hints[s.name]
              ? t("keepHint", { hint: hints[s.name]! })
              : s.hint
                ? t(`fieldHints.${s.name}`)
                : undefined;
          const required = s.secret
            ? !!s.needed?.(values) && !hints[s.name]
            : !s.optional && s.kind !== "select";
          const common = { ...register(s.name, rules(s, hints)), "data-testid": id };
          return (
            <Field
              key={s.name}
              id={id}
              label={label(s.name)}
              hint={hint}
              error={fieldText(fe[s.name]?.message)}
              required={required}
              className={s.kind === "pem" ? "sm:col-span-2" : undefined}
            >
              {s.kind === "pem" ? (
                <Textarea
                  {...common}
                  rows={4}
                  spellCheck={false}
                  autoComplete="off"
                  className="font-mono text-xs"
                  placeholder="-----BEGIN …-----"
                />
              ) : s.kind === "select" ? (
                <Select {...common}>
                  {s.options!.map((o) => (
                    <option key={o} value={o}>
                      {s.name === "mode" ? t(`modes.${o}`) : t(`keyTypes.${o}`)}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input
                  {...common}
                  type={s.kind === "password" ? "password" : "text"}
                  autoComplete={s.kind === "password" ? "new-password" : "off"}
                  spellCheck={false}
                />
              )}
            </Field>
          );
        })}
      <DialogFooter className="sm:col-span-2">
        <Button variant="secondary" disabled={formState.isSubmitting} onClick={onCancel}>
          {t("cancel")}
        </Button>
        <Button type="submit" loading={formState.isSubmitting} data-testid={`${p}-save`}>
          {t("save")}
        </Button>
      </DialogFooter>
    </form>
  );
}
