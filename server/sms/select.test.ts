import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { selectSmsProvider, type SmsEnv } from "./select";

const aliyun = {
  ALIYUN_SMS_ACCESS_KEY_ID: "id",
  ALIYUN_SMS_ACCESS_KEY_SECRET: "secret",
  ALIYUN_SMS_SIGN_NAME: "品牌",
  ALIYUN_SMS_TEMPLATE_CODE: "SMS_1",
};
const tencent = {
  TENCENT_SMS_SECRET_ID: "id",
  TENCENT_SMS_SECRET_KEY: "key",
  TENCENT_SMS_SDK_APP_ID: "1400000000",
  TENCENT_SMS_SIGN_NAME: "品牌",
  TENCENT_SMS_TEMPLATE_ID: "123",
};

function refusal(e: SmsEnv): AppError {
  try {
    selectSmsProvider(e);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("selectSmsProvider", () => {
  it("uses the outbox outside production", () => {
    expect(selectSmsProvider({ FENXIAO_ENV: "development", SMS_PROVIDER: "outbox" })).toEqual({
      kind: "outbox",
    });
    expect(selectSmsProvider({ FENXIAO_ENV: "test", SMS_PROVIDER: "outbox" }).kind).toBe("outbox");
  });

  it("refuses the outbox in production", () => {
    const e = refusal({ FENXIAO_ENV: "production", SMS_PROVIDER: "outbox" });
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(e.message).toBe("SMS provider not configured");
  });

  it("selects Aliyun when fully configured", () => {
    const s = selectSmsProvider({ FENXIAO_ENV: "production", SMS_PROVIDER: "aliyun", ...aliyun });
    expect(s).toEqual({
      kind: "aliyun",
      config: {
        accessKeyId: "id",
        accessKeySecret: "secret",
        signName: "品牌",
        templateCode: "SMS_1",
        noticeTemplateCode: null,
      },
    });
    const withNotice = selectSmsProvider({ FENXIAO_ENV: "production", SMS_PROVIDER: "aliyun", ...aliyun, ALIYUN_SMS_NOTICE_TEMPLATE_CODE: " SMS_9 " });
    expect(withNotice).toMatchObject({ config: { noticeTemplateCode: "SMS_9" } });
  });

  it("refuses Aliyun with a missing or blank variable, naming it only in the cause", () => {
    const e = refusal({
      FENXIAO_ENV: "production",
      SMS_PROVIDER: "aliyun",
      ...aliyun,
      ALIYUN_SMS_TEMPLATE_CODE: " ",
    });
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(e.message).not.toContain("ALIYUN");
    expect(String((e.cause as Error).message)).toContain("ALIYUN_SMS_TEMPLATE_CODE");
  });

  it("selects Tencent with the default region", () => {
    const s = selectSmsProvider({ FENXIAO_ENV: "production", SMS_PROVIDER: "tencent", ...tencent });
    expect(s.kind).toBe("tencent");
    if (s.kind === "tencent") expect(s.config.region).toBe("ap-guangzhou");
  });

  it("refuses Tencent without its app id", () => {
    const { TENCENT_SMS_SDK_APP_ID: _omit, ...rest } = tencent;
    const e = refusal({ FENXIAO_ENV: "development", SMS_PROVIDER: "tencent", ...rest });
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(String((e.cause as Error).message)).toContain("TENCENT_SMS_SDK_APP_ID");
  });
});
