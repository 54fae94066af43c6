/** Aliyun (阿里云) SMS through the official dysmsapi 2017-05-25 SDK. */
import { smsSendFailed, type SmsProvider } from "./provider";
import { notConfigured, type AliyunSmsConfig } from "./select";

type DysmsModule = typeof import("@alicloud/dysmsapi20170525");
type DysmsClient = DysmsModule["default"];

// The SDK is CommonJS with `exports.default`: bundlers hand us the class as `default`, while
// Node's own ESM loader hands us the whole exports object. Accept both.
function clientClass(mod: DysmsModule): DysmsClient {
  const d = mod.default as DysmsClient | { default: DysmsClient };
  return typeof d === "function" ? d : d.default;
}

/** Where to reach the API; only tests point it elsewhere (a local fake over plain HTTP). */
export interface AliyunTransport {
  endpoint: string;
  protocol: "https" | "http";
}
const DEFAULT_TRANSPORT: AliyunTransport = { endpoint: "dysmsapi.aliyuncs.com", protocol: "https" };

let cached: { key: string; client: InstanceType<DysmsClient> } | undefined;

async function clientFor(config: AliyunSmsConfig, transport: AliyunTransport) {
  const key = [config.accessKeyId, config.accessKeySecret, transport.endpoint].join("\u0000");
  if (cached?.key === key) return cached.client;
  const [mod, core] = await Promise.all([
    import("@alicloud/dysmsapi20170525"),
    import("@alicloud/openapi-core"),
  ]);
  const Client = clientClass(mod);
  const client = new Client(
    new core.$OpenApiUtil.Config({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: transport.endpoint,
      protocol: transport.protocol,
      connectTimeout: 5_000,
      readTimeout: 10_000,
    }),
  );
  cached = { key, client };
  return client;
}

export function aliyunProvider(
  config: AliyunSmsConfig,
  transport: AliyunTransport = DEFAULT_TRANSPORT,
): SmsProvider {
  async function send(phone: string, signName: string, templateCode: string, params: Record<string, string>) {
    const [client, { SendSmsRequest }] = await Promise.all([
      clientFor(config, transport),
      import("@alicloud/dysmsapi20170525"),
    ]);
    let result: { code?: string; message?: string; requestId?: string } | undefined;
    try {
      const res = await client.sendSms(
        new SendSmsRequest({
          phoneNumbers: phone,
          signName,
          templateCode,
          templateParam: JSON.stringify(params),
        }),
      );
      result = res.body;
    } catch (e) {
      throw smsSendFailed(e);
    }
    if (result?.code !== "OK") {
      throw smsSendFailed(
        new Error(
          `aliyun SendSms ${result?.code ?? "?"}: ${result?.message ?? ""} (request ${result?.requestId ?? "?"})`,
        ),
      );
    }
  }
  return {
    name: "aliyun",
    // The approved template must use the variable ${code}.
    sendOtp: (phone, code) => send(phone, config.signName, config.templateCode, { code }),
    async sendNotice(phone, notice) {
      if (!config.noticeTemplateCode) notConfigured("aliyun: missing ALIYUN_SMS_NOTICE_TEMPLATE_CODE");
      // The brand's signature must be approved on the same Aliyun account.
      await send(phone, notice.signName, config.noticeTemplateCode, { content: notice.text });
    },
  };
}
