/**
 * A local stand-in for WeChat OAuth (网页授权) for tests and e2e: the authorize page answers at
 * once (approves, or declines when `mode` is "deny"), and the code exchange answers an openid
 * derived from the code, checking the app id and secret the way WeChat does (errcode 40125 for
 * a wrong secret, 40029 for an unknown or reused code).
 */
import { createHash, randomBytes } from "node:crypto";
import { startFakeServer } from "@/server/payouts/providers/fake/base";

export interface FakeWechatOauth {
  url: string;
  appId: string;
  secret: string;
  /** "approve": redirect with a code; "deny": redirect without one (the user declined). */
  mode: "approve" | "deny";
  /** Codes handed out and not yet exchanged (a code works once, as WeChat's do). */
  codes: Set<string>;
  openidFor(code: string): string;
  close(): Promise<void>;
}

export async function startFakeWechatOauth(appId: string, secret = randomBytes(16).toString("hex")): Promise<FakeWechatOauth> {
  const openidFor = (code: string) => `o${createHash("sha256").update(code).digest("base64url").slice(0, 27)}`;
  const gw = { appId, secret, mode: "approve" as FakeWechatOauth["mode"], codes: new Set<string>(), openidFor };
  const fake = await startFakeServer((req) => {
    if (req.method === "GET" && req.path === "/connect/oauth2/authorize") {
      const redirect = req.query.get("redirect_uri");
      if (req.query.get("appid") !== appId || !redirect || req.query.get("scope") !== "snsapi_base") return { status: 400, body: "bad authorize request" };
      const to = new URL(redirect);
      if (gw.mode === "approve") {
        const code = randomBytes(16).toString("hex");
        gw.codes.add(code);
        to.searchParams.set("code", code);
      }
      to.searchParams.set("state", req.query.get("state") ?? "");
      return { status: 302, body: "", headers: { location: to.toString() } };
    }
    if (req.method === "GET" && req.path === "/sns/oauth2/access_token") {
      if (req.query.get("appid") !== appId || req.query.get("secret") !== gw.secret) return { status: 200, body: JSON.stringify({ errcode: 40125, errmsg: "invalid appsecret" }) };
      const code = req.query.get("code") ?? "";
      if (!gw.codes.delete(code)) return { status: 200, body: JSON.stringify({ errcode: 40029, errmsg: "invalid code" }) };
      return { status: 200, body: JSON.stringify({ access_token: "fake", expires_in: 7200, openid: openidFor(code), scope: "snsapi_base" }) };
    }
    return { status: 404, body: "{}" };
  });
  return Object.assign(gw, { url: fake.url, close: fake.close });
}
