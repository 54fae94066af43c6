import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { getSmsProvider } from "./get-provider";
import { latestOutboxCode, listOutbox, outboxProvider } from "./outbox";
import { extractOtpCode, otpMessage } from "./provider";

describe("otp message", () => {
  it("carries the code so the outbox can be read back", () => {
    expect(extractOtpCode(otpMessage("012345"))).toBe("012345");
    expect(extractOtpCode("hello")).toBeNull();
  });
});

describe("sms outbox", () => {
  let t: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.close();
  });

  it("records messages and returns the newest code per phone", async () => {
    const phone = `137${String(Date.now()).slice(-8)}`;
    const sms = outboxProvider(t.db);
    await sms.sendOtp(phone, "111111");
    await sms.sendOtp(phone, "222222");
    expect(await latestOutboxCode(t.db, phone)).toMatchObject({ code: "222222" });
    expect(await latestOutboxCode(t.db, "13000000000")).toBeNull();

    const list = await listOutbox(t.db, 50);
    const mine = list.filter((m) => m.phone === phone);
    expect(mine.map((m) => extractOtpCode(m.body))).toEqual(["222222", "111111"]);
  });

  it("is what development uses, and production refuses it", () => {
    expect(getSmsProvider(t.db, { FENXIAO_ENV: "development", SMS_PROVIDER: "outbox" }).name).toBe(
      "outbox",
    );
    expect(() =>
      getSmsProvider(t.db, { FENXIAO_ENV: "production", SMS_PROVIDER: "outbox" }),
    ).toThrow(AppError);
  });

  it("builds the real gateways without calling them", () => {
    const aliyun = getSmsProvider(t.db, {
      FENXIAO_ENV: "production",
      SMS_PROVIDER: "aliyun",
      ALIYUN_SMS_ACCESS_KEY_ID: "id",
      ALIYUN_SMS_ACCESS_KEY_SECRET: "secret",
      ALIYUN_SMS_SIGN_NAME: "sign",
      ALIYUN_SMS_TEMPLATE_CODE: "SMS_1",
    });
    expect(aliyun.name).toBe("aliyun");
    const tencent = getSmsProvider(t.db, {
      FENXIAO_ENV: "production",
      SMS_PROVIDER: "tencent",
      TENCENT_SMS_SECRET_ID: "id",
      TENCENT_SMS_SECRET_KEY: "key",
      TENCENT_SMS_SDK_APP_ID: "1400000000",
      TENCENT_SMS_SIGN_NAME: "sign",
      TENCENT_SMS_TEMPLATE_ID: "1",
    });
    expect(tencent.name).toBe("tencent");
  });
});
