/**
 * Runs the three fake payout gateways (and WeChat OAuth) for a dev server or an e2e run:
 *
 *   npx tsx server/payouts/providers/fake/serve.ts [envFile]
 *
 * It writes the settings that point the app at them (keys generated for this run) to `envFile`
 * (default .data/fake-payouts.env) — load them into the app's environment — and listens for
 * control requests on FAKE_PAYOUTS_CONTROL_PORT (default 4599):
 *
 *   POST /mode   {"gateway": "wechat"|"alipay"|"flexible", "mode": "success"|…, "timeoutThen"?: "success"|…}
 *   POST /settle {"gateway": …, "outBillNo": "W…", "state": "success"|"failure"|"cancelled"|…}
 *   GET  /bills  every bill each fake holds, and how often each was paid
 *
 * Never for production: the keys are throwaway and the fakes pay nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import type { FakeBillState, FakeGatewayBase, FakeMode } from "./base";
import { startFakeAlipay } from "./alipay";
import { startFakeFlexible } from "./flexible";
import { startFakeWechat } from "./wechat";
import { startFakeWechatOauth } from "@/server/payouts/kyc/fake-wechat-oauth";

const pem = (s: string) => JSON.stringify(s.trim()).slice(1, -1); // one line, "\n" escaped

async function main() {
  const envFile = process.argv[2] ?? ".data/fake-payouts.env";
  const [wx, ali, flex] = await Promise.all([startFakeWechat(), startFakeAlipay(), startFakeFlexible()]);
  // WeChat OAuth (the distributor links an openid) under the same app id as the transfers.
  const oauth = await startFakeWechatOauth(wx.keys.appid);
  const gateways: Record<string, FakeGatewayBase> = { wechat: wx, alipay: ali, flexible: flex };
  const lines = [
    `WECHATPAY_MCHID=${wx.keys.mchid}`,
    `WECHATPAY_APPID=${wx.keys.appid}`,
    `WECHATPAY_MERCHANT_SERIAL=${wx.keys.merchantSerial}`,
    `WECHATPAY_PRIVATE_KEY="${pem(wx.keys.merchant.privateKey)}"`,
    `WECHATPAY_PUBLIC_KEY_ID=${wx.keys.publicKeyId}`,
    `WECHATPAY_PUBLIC_KEY="${pem(wx.keys.platform.publicKey)}"`,
    `WECHATPAY_APIV3_KEY=${wx.keys.apiV3Key}`,
    `WECHATPAY_NOTIFY_URL=https://localhost/api/payouts/wechat/notify`,
    `WECHATPAY_BASE_URL=${wx.url}/`,
    `WECHAT_OAUTH_SECRET=${oauth.secret}`,
    `WECHAT_OAUTH_AUTHORIZE_URL=${oauth.url}/connect/oauth2/authorize`,
    `WECHAT_OAUTH_API_BASE=${oauth.url}/`,
    `ALIPAY_APP_ID=${ali.keys.appId}`,
    `ALIPAY_PRIVATE_KEY="${pem(ali.keys.app.privateKey)}"`,
    `ALIPAY_KEY_TYPE=PKCS8`,
    `ALIPAY_PUBLIC_KEY="${pem(ali.keys.alipay.publicKey)}"`,
    `ALIPAY_ENDPOINT=${ali.url}`,
    `FLEXIBLE_GATEWAY_URL=${flex.url}`,
    `FLEXIBLE_APP_ID=${flex.keys.appId}`,
    `FLEXIBLE_SECRET=${flex.keys.secret}`,
  ];
  mkdirSync(path.dirname(path.resolve(envFile)), { recursive: true });
  writeFileSync(envFile, `${lines.join("\n")}\n`, { mode: 0o600 });

  const port = Number(process.env.FAKE_PAYOUTS_CONTROL_PORT ?? 4599);
  const control = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      try {
        if (req.method === "GET" && req.url === "/bills") {
          return reply(200, Object.fromEntries(Object.entries(gateways).map(([k, g]) => [k, [...g.bills.values()].map((b) => ({ ...b, payments: g.payments(b.outBillNo) }))])));
        }
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { gateway?: string; mode?: FakeMode; timeoutThen?: FakeBillState; outBillNo?: string; state?: FakeBillState };
        const g = gateways[body.gateway ?? ""];
        if (!g) return reply(400, { error: "gateway must be wechat, alipay or flexible" });
        if (req.method === "POST" && req.url === "/mode" && body.mode) {
          g.mode = body.mode;
          if (body.timeoutThen) g.timeoutThen = body.timeoutThen;
          return reply(200, { gateway: body.gateway, mode: g.mode, timeoutThen: g.timeoutThen });
        }
        if (req.method === "POST" && req.url === "/settle" && body.outBillNo && body.state) return reply(200, g.settle(body.outBillNo, body.state));
        return reply(404, { error: "POST /mode, POST /settle or GET /bills" });
      } catch (e) {
        return reply(400, { error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
  control.listen(port, "127.0.0.1");
  console.log(`fake payout gateways: wechat ${wx.url}, alipay ${ali.url}, flexible ${flex.url}; control http://127.0.0.1:${port}; settings in ${envFile}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
