/**
 * The providers this DEPLOYMENT can pay through, built once from the validated environment: the
 * fallback for a brand that saved no gateway of its own (server/payouts/gateways/resolve.ts).
 * A channel whose settings are missing has no provider: its approved withdrawals wait (the
 * executor records why) instead of failing and returning funds the brand meant to pay.
 */
import { readFileSync } from "node:fs";
import { env } from "@/server/env";
import { createAlipayProvider } from "./alipay";
import { createFlexibleProvider } from "./flexible";
import { createWechatProvider, type WechatPayConfig } from "./wechat";
import type { PayoutProvider, PayoutProviderName } from "./types";

export type ProviderSet = Partial<Record<PayoutProviderName, PayoutProvider>>;

/** PEM text (with literal "\n" allowed, as env files store it) or a path / file:// URL to one. */
export function pemFrom(value: string): string {
  const v = value.trim();
  if (v.includes("-----BEGIN")) return v.replace(/\\n/g, "\n");
  return readFileSync(v.startsWith("file://") ? new URL(v) : v, "utf8");
}

let overrides: { providers?: ProviderSet; wechat?: WechatPayConfig | null } = {};

/**
 * Replaces the environment's gateways (tests, and an e2e or dev server wired to the fake
 * gateways); `{}` goes back to the environment.
 */
export function configurePayoutProviders(next: { providers?: ProviderSet; wechat?: WechatPayConfig | null }) {
  overrides = next;
  cached = null;
}

/** Whether tests (or an e2e server) wired providers for every brand, in place of each brand's own. */
export function payoutProvidersOverridden(): boolean {
  return overrides.providers !== undefined;
}

export function wechatConfigFromEnv(): WechatPayConfig | null {
  if (overrides.wechat !== undefined) return overrides.wechat;
  const e = env;
  if (!e.WECHATPAY_MCHID || !e.WECHATPAY_APPID || !e.WECHATPAY_MERCHANT_SERIAL || !e.WECHATPAY_PRIVATE_KEY || !e.WECHATPAY_PUBLIC_KEY_ID || !e.WECHATPAY_PUBLIC_KEY || !e.WECHATPAY_APIV3_KEY || !e.WECHATPAY_NOTIFY_URL) return null;
  return {
    mchid: e.WECHATPAY_MCHID,
    appid: e.WECHATPAY_APPID,
    merchantSerial: e.WECHATPAY_MERCHANT_SERIAL,
    privateKey: pemFrom(e.WECHATPAY_PRIVATE_KEY),
    publicKeyId: e.WECHATPAY_PUBLIC_KEY_ID,
    publicKey: pemFrom(e.WECHATPAY_PUBLIC_KEY),
    apiV3Key: e.WECHATPAY_APIV3_KEY,
    notifyUrl: e.WECHATPAY_NOTIFY_URL,
    baseURL: e.WECHATPAY_BASE_URL,
    transferSceneId: e.WECHATPAY_TRANSFER_SCENE_ID,
    timeoutMs: e.PAYOUT_TIMEOUT_MS,
  };
}

const REQUIRED: Record<"wechat" | "alipay" | "flexible", string[]> = {
  wechat: ["WECHATPAY_MCHID", "WECHATPAY_APPID", "WECHATPAY_MERCHANT_SERIAL", "WECHATPAY_PRIVATE_KEY", "WECHATPAY_PUBLIC_KEY_ID", "WECHATPAY_PUBLIC_KEY", "WECHATPAY_APIV3_KEY", "WECHATPAY_NOTIFY_URL"],
  alipay: ["ALIPAY_APP_ID", "ALIPAY_PRIVATE_KEY"],
  flexible: ["FLEXIBLE_GATEWAY_URL", "FLEXIBLE_APP_ID", "FLEXIBLE_SECRET"],
};

/**
 * A channel half configured is a deployment mistake (a typo in one name would otherwise leave
 * its payouts silently waiting): named here, and refused when the providers are built.
 */
export function payoutConfigProblems(e: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const [channel, names] of Object.entries(REQUIRED)) {
    const set = names.filter((n) => e[n]);
    if (set.length && set.length < names.length) problems.push(`${channel} payouts are partly configured: missing ${names.filter((n) => !e[n]).join(", ")}`);
  }
  if (e.ALIPAY_APP_ID && !e.ALIPAY_PUBLIC_KEY && !(e.ALIPAY_APP_CERT && e.ALIPAY_PUBLIC_CERT && e.ALIPAY_ROOT_CERT)) {
    problems.push("alipay payouts need ALIPAY_PUBLIC_KEY, or ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT");
  }
  return problems;
}

function fromEnv(): ProviderSet {
  const problems = payoutConfigProblems(env as unknown as Record<string, string | undefined>);
  if (problems.length) throw new Error(`Payout gateways misconfigured:\n  - ${problems.join("\n  - ")}`);
  const set: ProviderSet = {};
  const wx = wechatConfigFromEnv();
  if (wx) set.wechat = createWechatProvider(wx);
  if (env.ALIPAY_APP_ID && env.ALIPAY_PRIVATE_KEY && (env.ALIPAY_PUBLIC_KEY || (env.ALIPAY_APP_CERT && env.ALIPAY_PUBLIC_CERT && env.ALIPAY_ROOT_CERT))) {
    set.alipay = createAlipayProvider({
      appId: env.ALIPAY_APP_ID,
      privateKey: pemFrom(env.ALIPAY_PRIVATE_KEY),
      keyType: env.ALIPAY_KEY_TYPE,
      alipayPublicKey: env.ALIPAY_PUBLIC_KEY ? pemFrom(env.ALIPAY_PUBLIC_KEY) : undefined,
      appCertContent: env.ALIPAY_APP_CERT ? pemFrom(env.ALIPAY_APP_CERT) : undefined,
      alipayPublicCertContent: env.ALIPAY_PUBLIC_CERT ? pemFrom(env.ALIPAY_PUBLIC_CERT) : undefined,
      alipayRootCertContent: env.ALIPAY_ROOT_CERT ? pemFrom(env.ALIPAY_ROOT_CERT) : undefined,
      endpoint: env.ALIPAY_ENDPOINT,
      timeoutMs: env.PAYOUT_TIMEOUT_MS,
    });
  }
  if (env.FLEXIBLE_GATEWAY_URL && env.FLEXIBLE_APP_ID && env.FLEXIBLE_SECRET) {
    set.flexible = createFlexibleProvider({ gatewayUrl: env.FLEXIBLE_GATEWAY_URL, appId: env.FLEXIBLE_APP_ID, secret: env.FLEXIBLE_SECRET, timeoutMs: env.PAYOUT_TIMEOUT_MS });
  }
  return set;
}

let cached: ProviderSet | null = null;

export function payoutProviders(): ProviderSet {
  if (overrides.providers) return overrides.providers;
  cached ??= fromEnv();
  return cached;
}
