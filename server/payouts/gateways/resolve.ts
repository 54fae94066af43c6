/**
 * Which gateway pays a brand's withdrawals: the brand's own (Settings → Withdrawals → payout
 * gateways) when it saved one for the channel, else the deployment's environment (a
 * single-brand deployment configures it there), else none and the withdrawal waits.
 *
 * A provider holds SDK clients with parsed keys, so it is built once per saved version and
 * reused: the executor resolves on every payout, and a resolve is one indexed row read.
 */
import type { Tx } from "@/db/client";
import { PAYOUT_GATEWAY_CHANNELS } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { env } from "@/server/env";
import { appUrl } from "@/server/shared/app-url";
import { createAlipayProvider, type AlipayConfig } from "@/server/payouts/providers/alipay";
import { createFlexibleProvider, type FlexibleConfig } from "@/server/payouts/providers/flexible";
import { payoutProviders, payoutProvidersOverridden, wechatConfigFromEnv } from "@/server/payouts/providers/registry";
import type { PayoutProvider, PayoutProviderName } from "@/server/payouts/providers/types";
import { createWechatProvider, type WechatPayConfig } from "@/server/payouts/providers/wechat";
import { GATEWAY_URL_FIELD, privateKeyPem } from "./schemas";
import { listGatewayRows, openGateway, type GatewayRow, type StoredGateway } from "./store";

const WECHAT_BASE_URL = "https://api.mch.weixin.qq.com/";
const ALIPAY_ENDPOINT = "https://openapi.alipay.com";

/** Where WeChat sends a brand's transfer callbacks: the brand is in the path, so its key verifies them. */
export function brandWechatNotifyUrl(tenantId: string): string {
  return appUrl(`/api/payouts/wechat/notify/${tenantId}`);
}

export function wechatConfigOf(g: StoredGateway, tenantId: string): WechatPayConfig {
  const p = g.publicConfig;
  return {
    mchid: p.mchid!,
    appid: p.appid!,
    merchantSerial: p.merchantSerial!,
    privateKey: g.secrets.privateKey!,
    publicKeyId: p.publicKeyId!,
    publicKey: g.secrets.publicKey!,
    apiV3Key: g.secrets.apiV3Key!,
    notifyUrl: brandWechatNotifyUrl(tenantId),
    baseURL: p.baseURL ?? WECHAT_BASE_URL,
    transferSceneId: p.transferSceneId ?? "1005",
    timeoutMs: env.PAYOUT_TIMEOUT_MS,
  };
}

export function alipayConfigOf(g: StoredGateway): AlipayConfig {
  const p = g.publicConfig;
  const keyType = p.keyType === "PKCS1" ? "PKCS1" : "PKCS8";
  const cert = p.mode === "cert";
  return {
    appId: p.appId!,
    privateKey: privateKeyPem(g.secrets.privateKey!, keyType),
    keyType,
    alipayPublicKey: cert ? undefined : g.secrets.alipayPublicKey,
    appCertContent: cert ? g.secrets.appCert : undefined,
    alipayPublicCertContent: cert ? g.secrets.alipayPublicCert : undefined,
    alipayRootCertContent: cert ? g.secrets.alipayRootCert : undefined,
    endpoint: p.endpoint ?? ALIPAY_ENDPOINT,
    timeoutMs: env.PAYOUT_TIMEOUT_MS,
  };
}

export function flexibleConfigOf(g: StoredGateway): FlexibleConfig {
  return { gatewayUrl: g.publicConfig.gatewayUrl!, appId: g.publicConfig.appId!, secret: g.secrets.secret!, timeoutMs: env.PAYOUT_TIMEOUT_MS };
}

/** The address the brand typed for this gateway (null: the gateway's built-in one). */
export function gatewayUrlOf(g: Pick<StoredGateway, "channel" | "publicConfig">): string | null {
  return g.publicConfig[GATEWAY_URL_FIELD[g.channel]] ?? null;
}

export function buildProvider(g: StoredGateway, tenantId: string): PayoutProvider {
  switch (g.channel) {
    case "wechat":
      return createWechatProvider(wechatConfigOf(g, tenantId));
    case "alipay":
      return createAlipayProvider(alipayConfigOf(g));
    case "flexible":
      return createFlexibleProvider(flexibleConfigOf(g));
  }
}

// Bounded: one entry per brand and channel that paid recently; a new version replaces the old.
const MAX_CACHED = 500;
const built = new Map<string, { version: string; provider: PayoutProvider }>();

export type GatewaySource = "brand" | "deployment" | "none";

/** The provider that pays this brand's withdrawals on a channel, and whose credentials it uses. */
/**
 * The provider that pays this brand's withdrawals on a channel, and whose credentials it uses.
 * `target`: the brand-typed address it will call, for the caller to check (gatewayTargetProblem)
 * outside its transaction.
 */
export async function providerFor(tx: Tx, channel: PayoutProviderName): Promise<{ provider: PayoutProvider | null; source: GatewaySource; target: string | null }> {
  // Tests and the e2e server wire fake gateways for every brand.
  if (payoutProvidersOverridden()) return { provider: payoutProviders()[channel] ?? null, source: "deployment", target: null };
  const tenantId = await currentTenantId(tx);
  const stored = await openGateway(tx, channel);
  if (stored) {
    const target = gatewayUrlOf(stored);
    const key = `${tenantId}:${channel}`;
    const hit = built.get(key);
    if (hit?.version === stored.version) return { provider: hit.provider, source: "brand", target };
    const provider = buildProvider(stored, tenantId);
    built.delete(key);
    if (built.size >= MAX_CACHED) built.delete(built.keys().next().value!);
    built.set(key, { version: stored.version, provider });
    return { provider, source: "brand", target };
  }
  const fallback = payoutProviders()[channel];
  return { provider: fallback ?? null, source: fallback ? "deployment" : "none", target: null };
}

/** The WeChat Pay merchant that pays this brand (for the portal's confirm-receipt call, and callbacks). */
export async function wechatConfigFor(tx: Tx): Promise<WechatPayConfig | null> {
  const stored = payoutProvidersOverridden() ? null : await openGateway(tx, "wechat");
  return stored ? wechatConfigOf(stored, await currentTenantId(tx)) : wechatConfigFromEnv();
}

export interface GatewayOverview extends Omit<GatewayRow, "publicConfig" | "secretHints" | "updatedAt"> {
  source: GatewaySource;
  config: Record<string, string> | null;
  secrets: Record<string, string> | null;
  updatedAt: Date | null;
  /** WeChat only: where the brand's transfer callbacks arrive. */
  notifyUrl: string | null;
}

/** Settings → Withdrawals: each channel's gateway, whose it is, and its last test; no secret. */
export async function gatewayOverview(tx: Tx): Promise<GatewayOverview[]> {
  const saved = new Map((await listGatewayRows(tx)).map((r) => [r.channel, r]));
  const deployment = payoutProviders();
  const tenantId = await currentTenantId(tx);
  return PAYOUT_GATEWAY_CHANNELS.map((channel) => {
    const row = saved.get(channel);
    return {
      channel,
      source: row ? "brand" : deployment[channel] ? "deployment" : "none",
      config: row?.publicConfig ?? null,
      secrets: row?.secretHints ?? null,
      check: row?.check ?? null,
      updatedAt: row?.updatedAt ?? null,
      notifyUrl: channel === "wechat" ? brandWechatNotifyUrl(tenantId) : null,
    };
  });
}
