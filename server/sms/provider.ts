/** What the app needs from an SMS gateway: deliver a sign-in code to a mainland mobile. */
import { AppError } from "@/server/errors";

export interface SmsProvider {
  readonly name: "outbox" | "aliyun" | "tencent";
  /** `phone` is the normalised 11-digit number; resolves once the gateway accepted it. */
  sendOtp(phone: string, code: string): Promise<void>;
  /**
   * Delivers a notice (an application outcome, a payout) signed with the brand's SMS
   * signature. Real gateways send it through the deployment's generic notice template, whose
   * one variable carries `text`.
   */
  sendNotice(phone: string, notice: SmsNotice): Promise<void>;
}

export interface SmsNotice {
  /** The brand's signature, without the brackets. */
  signName: string;
  /** The message without the signature. */
  text: string;
}

/** The whole message as a phone shows it: 【signature】text. */
export function noticeMessage(notice: SmsNotice): string {
  return `【${notice.signName}】${notice.text}`;
}

export const OTP_TTL_MINUTES = 5;

/** The text the outbox records; real gateways render their own approved template. */
export function otpMessage(code: string): string {
  return `【Fenxiao】验证码 ${code}，${OTP_TTL_MINUTES} 分钟内有效。Your sign-in code is ${code}, valid for ${OTP_TTL_MINUTES} minutes.`;
}

/** The code inside an otpMessage body (the dev outbox page and e2e read it back). */
export function extractOtpCode(body: string): string | null {
  return /验证码 (\d{6})/.exec(body)?.[1] ?? null;
}

/** How every gateway failure reaches the client: one generic message, the detail in `cause`. */
export function smsSendFailed(cause: unknown): AppError {
  return new AppError("SERVICE_UNAVAILABLE", "Could not send the SMS. Please try again later.", {
    cause,
  });
}
