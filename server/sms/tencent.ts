/** Tencent Cloud (腾讯云) SMS through the official SDK, API version 2021-01-11. */
import { smsSendFailed, type SmsProvider } from "./provider";
import { notConfigured, type TencentSmsConfig } from "./select";

type SmsModule = typeof import("tencentcloud-sdk-nodejs-sms");
type SmsClient = InstanceType<SmsModule["sms"]["v20210111"]["Client"]>;

/** Where to reach the API; only tests point it elsewhere (a local fake over plain HTTP). */
export interface TencentTransport {
  endpoint: string;
  protocol: "https://" | "http://";
}
const DEFAULT_TRANSPORT: TencentTransport = {
  endpoint: "sms.tencentcloudapi.com",
  protocol: "https://",
};

let cached: { key: string; client: SmsClient } | undefined;

async function clientFor(config: TencentSmsConfig, transport: TencentTransport) {
  const key = [config.secretId, config.secretKey, config.region, transport.endpoint].join("\u0000");
  if (cached?.key === key) return cached.client;
  const { sms } = await import("tencentcloud-sdk-nodejs-sms");
  const client = new sms.v20210111.Client({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: {
      httpProfile: { endpoint: transport.endpoint, protocol: transport.protocol, reqTimeout: 10 },
    },
  });
  cached = { key, client };
  return client;
}

export function tencentProvider(
  config: TencentSmsConfig,
  transport: TencentTransport = DEFAULT_TRANSPORT,
): SmsProvider {
  async function send(phone: string, signName: string, templateId: string, params: string[]) {
    const client = await clientFor(config, transport);
    let status: { Code?: string; Message?: string } | undefined;
    let requestId: string | undefined;
    try {
      const res = await client.SendSms({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: config.sdkAppId,
        SignName: signName,
        TemplateId: templateId,
        TemplateParamSet: params,
      });
      status = res.SendStatusSet?.[0];
      requestId = res.RequestId;
    } catch (e) {
      throw smsSendFailed(e);
    }
    if (status?.Code !== "Ok") {
      throw smsSendFailed(
        new Error(
          `tencent SendSms ${status?.Code ?? "?"}: ${status?.Message ?? ""} (request ${requestId ?? "?"})`,
        ),
      );
    }
  }
  return {
    name: "tencent",
    // The approved template must have exactly one variable, {1}: the code.
    sendOtp: (phone, code) => send(phone, config.signName, config.templateId, [code]),
    async sendNotice(phone, notice) {
      if (!config.noticeTemplateId) notConfigured("tencent: missing TENCENT_SMS_NOTICE_TEMPLATE_ID");
      await send(phone, notice.signName, config.noticeTemplateId, [notice.text]);
    },
  };
}
