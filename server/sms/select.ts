/**
 * Which SMS gateway to use, decided from configuration alone (pure, so it is tested without
 * touching the process environment). Production never uses the outbox: a code that is only
 * written to a table would let anyone with database access sign in as anyone.
 */
import { AppError } from "@/server/errors";

export interface SmsEnv {
  FENXIAO_ENV: "development" | "test" | "production";
  SMS_PROVIDER: "outbox" | "aliyun" | "tencent";
  ALIYUN_SMS_ACCESS_KEY_ID?: string;
  ALIYUN_SMS_ACCESS_KEY_SECRET?: string;
  ALIYUN_SMS_SIGN_NAME?: string;
  ALIYUN_SMS_TEMPLATE_CODE?: string;
  ALIYUN_SMS_NOTICE_TEMPLATE_CODE?: string;
  TENCENT_SMS_SECRET_ID?: string;
  TENCENT_SMS_SECRET_KEY?: string;
  TENCENT_SMS_SDK_APP_ID?: string;
  TENCENT_SMS_SIGN_NAME?: string;
  TENCENT_SMS_TEMPLATE_ID?: string;
  TENCENT_SMS_NOTICE_TEMPLATE_ID?: string;
  TENCENT_SMS_REGION?: string;
}

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** Generic notice template with one variable ${content}; notices are refused without it. */
  noticeTemplateCode: string | null;
}

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  /** Generic notice template with one variable {1}; notices are refused without it. */
  noticeTemplateId: string | null;
  region: string;
}

export type SmsSelection =
  | { kind: "outbox" }
  | { kind: "aliyun"; config: AliyunSmsConfig }
  | { kind: "tencent"; config: TencentSmsConfig };

export function notConfigured(detail: string): never {
  // The client sees only the generic message; the detail is for the server log.
  throw new AppError("SERVICE_UNAVAILABLE", "SMS provider not configured", {
    cause: new Error(detail),
  });
}

function required<K extends keyof SmsEnv>(e: SmsEnv, keys: readonly K[]) {
  const missing = keys.filter((k) => !e[k]?.trim());
  if (missing.length > 0) notConfigured(`${e.SMS_PROVIDER}: missing ${missing.join(", ")}`);
  return Object.fromEntries(keys.map((k) => [k, e[k]!.trim()])) as Record<K, string>;
}

/** Throws SERVICE_UNAVAILABLE when the configured gateway cannot be used. */
export function selectSmsProvider(e: SmsEnv): SmsSelection {
  switch (e.SMS_PROVIDER) {
    case "outbox":
      if (e.FENXIAO_ENV === "production") {
        notConfigured("SMS_PROVIDER=outbox is refused in production");
      }
      return { kind: "outbox" };
    case "aliyun": {
      const v = required(e, [
        "ALIYUN_SMS_ACCESS_KEY_ID",
        "ALIYUN_SMS_ACCESS_KEY_SECRET",
        "ALIYUN_SMS_SIGN_NAME",
        "ALIYUN_SMS_TEMPLATE_CODE",
      ]);
      return {
        kind: "aliyun",
        config: {
          accessKeyId: v.ALIYUN_SMS_ACCESS_KEY_ID,
          accessKeySecret: v.ALIYUN_SMS_ACCESS_KEY_SECRET,
          signName: v.ALIYUN_SMS_SIGN_NAME,
          templateCode: v.ALIYUN_SMS_TEMPLATE_CODE,
          noticeTemplateCode: e.ALIYUN_SMS_NOTICE_TEMPLATE_CODE?.trim() || null,
        },
      };
    }
    case "tencent": {
      const v = required(e, [
        "TENCENT_SMS_SECRET_ID",
        "TENCENT_SMS_SECRET_KEY",
        "TENCENT_SMS_SDK_APP_ID",
        "TENCENT_SMS_SIGN_NAME",
        "TENCENT_SMS_TEMPLATE_ID",
      ]);
      return {
        kind: "tencent",
        config: {
          secretId: v.TENCENT_SMS_SECRET_ID,
          secretKey: v.TENCENT_SMS_SECRET_KEY,
          sdkAppId: v.TENCENT_SMS_SDK_APP_ID,
          signName: v.TENCENT_SMS_SIGN_NAME,
          templateId: v.TENCENT_SMS_TEMPLATE_ID,
          noticeTemplateId: e.TENCENT_SMS_NOTICE_TEMPLATE_ID?.trim() || null,
          region: e.TENCENT_SMS_REGION?.trim() || "ap-guangzhou",
        },
      };
    }
    default:
      return notConfigured(`unknown SMS_PROVIDER ${String(e.SMS_PROVIDER)}`);
  }
}
