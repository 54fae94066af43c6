/** Tencent Cloud (腾讯云) SMS through the official SDK, API version 2021-01-11. */
import { AppError } from "@/server/errors";
import type { SmsProvider } from "./provider";
import type { TencentSmsConfig } from "./select";

type SmsModule = typeof import("tencentcloud-sdk-nodejs-sms");
type SmsClient = InstanceType<SmsModule["sms"]["v20210111"]["Client"]>;

let cached: { key: string; client: SmsClient } | undefined;

async function clientFor(config: TencentSmsConfig): Promise<SmsClient> {
  const key = `${config.secretId}\u0000${config.secretKey}\u0000${config.region}`;
  if (cached?.key === key) return cached.client;
  const { sms } = await import("tencentcloud-sdk-nodejs-sms");
  const client = new sms.v20210111.Client({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: { httpProfile: { endpoint: "sms.tencentcloudapi.com", reqTimeout: 10 } },
  });
  cached = { key, client };
  return client;
}

export function tencentProvider(config: TencentSmsConfig): SmsProvider {
  return {
    name: "tencent",
    async sendOtp(phone, code) {
      const client = await clientFor(config);
      let status: { Code?: string; Message?: string } | undefined;
      let requestId: string | undefined;
      try {
        const res = await client.SendSms({
          PhoneNumberSet: [`+86${phone}`],
          SmsSdkAppId: config.sdkAppId,
          SignName: config.signName,
          TemplateId: config.templateId,
          // The approved template must have exactly one variable, {1}: the code.
          TemplateParamSet: [code],
        });
        status = res.SendStatusSet?.[0];
        requestId = res.RequestId;
      } catch (e) {
        throw new AppError(
          "SERVICE_UNAVAILABLE",
          "Could not send the SMS. Please try again later.",
          {
            cause: e,
          },
        );
      }
      if (status?.Code !== "Ok") {
        throw new AppError(
          "SERVICE_UNAVAILABLE",
          "Could not send the SMS. Please try again later.",
          {
            cause: new Error(
              `tencent SendSms ${status?.Code ?? "?"}: ${status?.Message ?? ""} (request ${requestId ?? "?"})`,
            ),
          },
        );
      }
    },
  };
}
