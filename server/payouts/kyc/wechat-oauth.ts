/**
 * Linking a distributor's WeChat openid through WeChat OAuth (网页授权, snsapi_base; issue 9
 * item 1): the payee of 商家转账 is an openid under the merchant's app id, which only WeChat can
 * tell us, so the portal never asks anyone to type one.
 *
 *   GET /d/<slug>/identity/wechat           → 302 to WeChat's authorize page (signed-in distributor)
 *   GET /d/<slug>/identity/wechat/callback  → code → openid (server to server) → linked → back to
 *                                             /d/<slug>/identity?wechat=linked|denied|expired|failed
 *
 * The `state` is sealed (AES-GCM, server/shared/seal.ts) and names the portal session that
 * started the flow and when it expires: a callback replayed into another browser, after ten
 * minutes, or for another brand links nothing. Configured per brand with its WeChat Pay gateway
 * (the official account its transfers use), else per deployment by WECHATPAY_APPID +
 * WECHAT_OAUTH_SECRET; the endpoints are settings so tests and e2e run against a local fake
 * (fake-wechat-oauth.ts).
 */
import { eq } from "drizzle-orm";
import type { Database, Db, Tx } from "@/db/client";
import { distributors } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { appDatabase } from "@/server/db";
import { env } from "@/server/env";
import { getPortalBrand } from "@/server/portal/brand";
import { getPortalSession, PORTAL_COOKIE } from "@/server/portal/portal-session";
import { appOrigin } from "@/server/shared/app-url";
import { openGateway } from "@/server/payouts/gateways/store";
import { readCookie } from "@/server/shared/request";
import { seal, unseal } from "@/server/shared/seal";
import { linkWechatOpenid } from "./identity";

export interface WechatOauthConfig {
  appId: string;
  secret: string;
  authorizeUrl: string;
  apiBase: string;
  timeoutMs: number;
}

export type OauthOutcome = "linked" | "denied" | "expired" | "failed";

const PURPOSE = "wechat-oauth-state";
const STATE_TTL_MS = 10 * 60_000;

export function wechatOauthConfig(e: Pick<typeof env, "WECHATPAY_APPID" | "WECHAT_OAUTH_SECRET" | "WECHAT_OAUTH_AUTHORIZE_URL" | "WECHAT_OAUTH_API_BASE" | "PAYOUT_TIMEOUT_MS"> = env): WechatOauthConfig | null {
  if (!e.WECHATPAY_APPID || !e.WECHAT_OAUTH_SECRET) return null;
  return { appId: e.WECHATPAY_APPID, secret: e.WECHAT_OAUTH_SECRET, authorizeUrl: e.WECHAT_OAUTH_AUTHORIZE_URL, apiBase: e.WECHAT_OAUTH_API_BASE, timeoutMs: e.PAYOUT_TIMEOUT_MS };
}

/**
 * WeChat OAuth for one brand: an openid belongs to one appid, so a brand paying through its own
 * WeChat Pay merchant links openids through its own official account (the AppSecret saved with
 * its gateway, none: no linking); a brand without its own gateway uses the deployment's.
 */
export async function wechatOauthConfigFor(tx: Tx): Promise<WechatOauthConfig | null> {
  const stored = await openGateway(tx, "wechat");
  if (!stored) return wechatOauthConfig();
  if (!stored.secrets.oauthSecret) return null;
  return { appId: stored.publicConfig.appid!, secret: stored.secrets.oauthSecret, authorizeUrl: env.WECHAT_OAUTH_AUTHORIZE_URL, apiBase: env.WECHAT_OAUTH_API_BASE, timeoutMs: env.PAYOUT_TIMEOUT_MS };
}

interface StatePayload {
  /** The portal session that started the flow. */
  s: string;
  /** The brand slug. */
  b: string;
  /** Expiry, ms since the epoch. */
  x: number;
}

export function sealState(sessionId: string, slug: string, now = Date.now()): string {
  return seal(JSON.stringify({ s: sessionId, b: slug, x: now + STATE_TTL_MS } satisfies StatePayload), PURPOSE);
}

/** The state's session and brand, or why it cannot be used. */
export function openState(state: string | null, now = Date.now()): { sessionId: string; slug: string } | "invalid" | "expired" {
  const raw = state ? unseal(state, PURPOSE) : null;
  if (!raw) return "invalid";
  const p = JSON.parse(raw) as StatePayload;
  if (p.x < now) return "expired";
  return { sessionId: p.s, slug: p.b };
}

/** WeChat's authorize page for the redirect (the fragment is part of WeChat's documented URL). */
export function authorizeUrl(cfg: WechatOauthConfig, redirectUri: string, state: string): string {
  const u = new URL(cfg.authorizeUrl);
  u.search = new URLSearchParams({ appid: cfg.appId, redirect_uri: redirectUri, response_type: "code", scope: "snsapi_base", state }).toString();
  return `${u.toString()}#wechat_redirect`;
}

/** The code → openid exchange (sns/oauth2/access_token). Never throws: failures are outcomes. */
export async function exchangeCode(cfg: WechatOauthConfig, code: string, fetchImpl: typeof fetch = fetch): Promise<{ openid: string } | { error: string }> {
  const u = new URL("sns/oauth2/access_token", cfg.apiBase);
  u.search = new URLSearchParams({ appid: cfg.appId, secret: cfg.secret, code, grant_type: "authorization_code" }).toString();
  try {
    const res = await fetchImpl(u, { signal: AbortSignal.timeout(cfg.timeoutMs) });
    const body = (await res.json()) as { openid?: unknown; errcode?: unknown; errmsg?: unknown };
    if (typeof body.openid === "string") return { openid: body.openid };
    return { error: `errcode ${String(body.errcode)}: ${String(body.errmsg)}` };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function back(origin: string, slug: string, outcome: OauthOutcome): Response {
  return Response.redirect(`${origin}/d/${encodeURIComponent(slug)}/identity?wechat=${outcome}`, 302);
}

/** The two route handlers; `getDatabase`, `config` and `fetchImpl` are parameters for tests. */
export function wechatOauthRoutes(opts: { getDatabase?: () => Promise<Database>; config?: (tenantId: string) => WechatOauthConfig | null; fetchImpl?: typeof fetch } = {}) {
  const getDatabase = opts.getDatabase ?? appDatabase;
  const config = async (db: Db, tenantId: string) => (opts.config ? opts.config(tenantId) : withTenant(db, tenantId, wechatOauthConfigFor));

  async function sessionFor(req: Request, slug: string) {
    const { db } = await getDatabase();
    const session = await getPortalSession(db, readCookie(req.headers.get("cookie"), PORTAL_COOKIE));
    if (!session) return null;
    const brand = await withTenant(db, session.tenantId, (tx) => getPortalBrand(tx, slug)).catch(() => null);
    return brand && brand.tenantId === session.tenantId ? { db, session } : null;
  }

  async function start(req: Request, route: { params: Promise<{ brandSlug: string }> }): Promise<Response> {
    const { brandSlug } = await route.params;
    const origin = appOrigin(req.headers);
    const found = await sessionFor(req, brandSlug);
    if (!found) return Response.redirect(`${origin}/d/${encodeURIComponent(brandSlug)}/identity`, 302);
    const cfg = await config(found.db, found.session.tenantId);
    if (!cfg) return back(origin, brandSlug, "failed");
    const redirectUri = `${origin}/d/${encodeURIComponent(brandSlug)}/identity/wechat/callback`;
    return Response.redirect(authorizeUrl(cfg, redirectUri, sealState(found.session.sessionId, brandSlug)), 302);
  }

  async function callback(req: Request, route: { params: Promise<{ brandSlug: string }> }): Promise<Response> {
    const { brandSlug } = await route.params;
    const origin = appOrigin(req.headers);
    const url = new URL(req.url);
    const state = openState(url.searchParams.get("state"));
    if (state === "expired") return back(origin, brandSlug, "expired");
    const found = await sessionFor(req, brandSlug);
    const cfg = found ? await config(found.db, found.session.tenantId) : null;
    // Another browser, another brand or a forged state: nothing is linked.
    if (!cfg || state === "invalid" || !found || state.sessionId !== found.session.sessionId || state.slug !== brandSlug) return back(origin, brandSlug, "failed");
    const code = url.searchParams.get("code");
    // The distributor declined (WeChat sends no code).
    if (!code) return back(origin, brandSlug, "denied");
    const result = await exchangeCode(cfg, code, opts.fetchImpl);
    if ("error" in result) {
      console.error("wechat oauth: code exchange failed:", result.error);
      return back(origin, brandSlug, "failed");
    }
    const linked = await withTenant(found.db, found.session.tenantId, async (tx) => {
      const [d] = await tx.select({ id: distributors.id }).from(distributors).where(eq(distributors.memberId, found.session.memberId));
      if (!d) return false;
      await linkWechatOpenid(tx, d.id, result.openid);
      return true;
    }).catch((e: unknown) => {
      console.error("wechat oauth: could not link:", e instanceof Error ? e.message : e);
      return false;
    });
    return back(origin, brandSlug, linked ? "linked" : "failed");
  }

  return { start, callback };
}
