/**
 * The Aliyun and Tencent providers driven through their real SDKs against a local fake
 * server: checks the request each SDK builds and how replies are read, without any network.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aliyunProvider } from "./aliyun";
import { tencentProvider } from "./tencent";
import { appErrorOf } from "@/server/testing/outcomes";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let endpoint: string;
let seen: Seen[] = [];
let reply: unknown = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
});

/** Every parameter the SDK sent, from the query string and a form or JSON body. */
function params(s: Seen): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(
    new URL(s.url, "http://x").searchParams.entries(),
  );
  if (s.body.startsWith("{")) Object.assign(out, JSON.parse(s.body) as object);
  else if (s.body) Object.assign(out, Object.fromEntries(new URLSearchParams(s.body).entries()));
  return out;
}

describe("aliyun provider", () => {
  const config = {
    accessKeyId: "test-ak",
    accessKeySecret: "test-secret",
    signName: "品牌",
    templateCode: "SMS_123",
    noticeTemplateCode: "SMS_900",
  };

  it("sends SendSms with the phone, sign, template and the code as ${code}", async () => {
    reply = { Code: "OK", Message: "OK", BizId: "b1", RequestId: "r1" };
    await aliyunProvider(config, { endpoint, protocol: "http" }).sendOtp("13800138000", "012345");
    expect(seen).toHaveLength(1);
    const p = params(seen[0]!);
    expect(seen[0]!.headers["x-acs-action"]).toBe("SendSms");
    expect(seen[0]!.headers["x-acs-version"]).toBe("2017-05-25");
    expect(p).toMatchObject({
      PhoneNumbers: "13800138000",
      SignName: "品牌",
      TemplateCode: "SMS_123",
      TemplateParam: JSON.stringify({ code: "012345" }),
    });
    expect(JSON.stringify(seen[0])).toContain("test-ak");
    expect(JSON.stringify(seen[0])).not.toContain("test-secret");
  });

  it("sends a notice with the brand's signature through the notice template", async () => {
    reply = { Code: "OK", Message: "OK", BizId: "b3", RequestId: "r6" };
    await aliyunProvider(config, { endpoint, protocol: "http" }).sendNotice("13800138000", { signName: "茶舍", text: "申请已通过" });
    expect(params(seen[0]!)).toMatchObject({
      SignName: "茶舍",
      TemplateCode: "SMS_900",
      TemplateParam: JSON.stringify({ content: "申请已通过" }),
    });
  });

  it("refuses a notice without a notice template, sending nothing", async () => {
    const e = await appErrorOf(
      aliyunProvider({ ...config, noticeTemplateCode: null }, { endpoint, protocol: "http" }).sendNotice("13800138000", { signName: "茶舍", text: "x" }),
    );
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(seen).toHaveLength(0);
  });

  it("turns a refusal into SERVICE_UNAVAILABLE without leaking the gateway's words", async () => {
    reply = { Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发分钟级流控", RequestId: "r2" };
    const e = await appErrorOf(
      aliyunProvider(config, { endpoint, protocol: "http" }).sendOtp("13800138000", "012345"),
    );
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(e.message).not.toContain("BUSINESS_LIMIT");
    expect(String((e.cause as Error).message)).toContain("isv.BUSINESS_LIMIT_CONTROL");
  });
});

describe("tencent provider", () => {
  const config = {
    secretId: "test-sid",
    secretKey: "test-skey",
    sdkAppId: "1400000000",
    signName: "品牌",
    templateId: "456",
    noticeTemplateId: "789",
    region: "ap-guangzhou",
  };

  it("sends SendSms (2021-01-11) to +86 with the code as the only template parameter", async () => {
    reply = {
      Response: {
        SendStatusSet: [{ Code: "Ok", Message: "send success", PhoneNumber: "+8613800138000" }],
        RequestId: "r3",
      },
    };
    await tencentProvider(config, { endpoint, protocol: "http://" }).sendOtp(
      "13800138000",
      "012345",
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers["x-tc-action"]).toBe("SendSms");
    expect(seen[0]!.headers["x-tc-version"]).toBe("2021-01-11");
    expect(params(seen[0]!)).toMatchObject({
      PhoneNumberSet: ["+8613800138000"],
      SmsSdkAppId: "1400000000",
      SignName: "品牌",
      TemplateId: "456",
      TemplateParamSet: ["012345"],
    });
    expect(JSON.stringify(seen[0])).not.toContain("test-skey");
  });

  it("sends a notice with the brand's signature through the notice template", async () => {
    reply = { Response: { SendStatusSet: [{ Code: "Ok", Message: "ok" }], RequestId: "r7" } };
    await tencentProvider(config, { endpoint, protocol: "http://" }).sendNotice("13800138000", { signName: "茶舍", text: "申请已通过" });
    expect(params(seen[0]!)).toMatchObject({ SignName: "茶舍", TemplateId: "789", TemplateParamSet: ["申请已通过"] });
  });

  it("turns a per-number failure into SERVICE_UNAVAILABLE", async () => {
    reply = {
      Response: {
        SendStatusSet: [{ Code: "LimitExceeded.PhoneNumberDailyLimit", Message: "limit" }],
        RequestId: "r4",
      },
    };
    const e = await appErrorOf(
      tencentProvider(config, { endpoint, protocol: "http://" }).sendOtp("13800138000", "012345"),
    );
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(String((e.cause as Error).message)).toContain("PhoneNumberDailyLimit");
  });

  it("turns an API error into SERVICE_UNAVAILABLE", async () => {
    reply = {
      Response: {
        Error: { Code: "AuthFailure.SecretIdNotFound", Message: "bad id" },
        RequestId: "r5",
      },
    };
    const e = await appErrorOf(
      tencentProvider(config, { endpoint, protocol: "http://" }).sendOtp("13800138000", "012345"),
    );
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
  });
});
