/**
 * Checking and filling a brand's SMS text (server/notify/sms-templates.ts): pure, so the console
 * form checks a text as it is typed with the very rules the server saves it under.
 */
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from "./kinds";

/** The kinds whose SMS a brand may word itself: every kind that sends one. */
export const SMS_TEMPLATE_KINDS = (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).filter(
  (k) => NOTIFICATION_KINDS[k].sms,
) as [NotificationKind, ...NotificationKind[]];

/**
 * Characters, before the signature. Gateways split long texts into 67-character parts and
 * charge each; 200 keeps a notice to a few parts while leaving room for a reason.
 */
export const SMS_TEMPLATE_MAX = 200;

export type SmsTemplateProblem =
  | { key: "smsTemplate.unknownPlaceholder"; placeholder: string }
  | { key: "smsTemplate.malformed" }
  | { key: "smsTemplate.brackets" }
  | { key: "smsTemplate.tooLong" };

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** What is wrong with a brand's text for `kind`, or null when it can be sent. */
export function checkSmsTemplate(kind: NotificationKind, text: string): SmsTemplateProblem | null {
  if (text.length > SMS_TEMPLATE_MAX) return { key: "smsTemplate.tooLong" };
  // The gateway adds 【signature】 itself; carriers refuse a text that carries another.
  if (/[【】]/.test(text)) return { key: "smsTemplate.brackets" };
  const allowed: readonly string[] = NOTIFICATION_KINDS[kind].params;
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (!allowed.includes(name!.trim())) return { key: "smsTemplate.unknownPlaceholder", placeholder: name! };
  }
  // A brace left over is a placeholder typed wrong ("{brand", "brand}").
  if (/[{}]/.test(text.replace(PLACEHOLDER, ""))) return { key: "smsTemplate.malformed" };
  return null;
}

/** Fills the placeholders; a missing value is empty text, never the placeholder's name. */
export function renderSmsTemplate(text: string, params: NotificationParams): string {
  return text.replace(PLACEHOLDER, (_, name: string) => String(params[name.trim()] ?? ""));
}

/** The brand's SMS signature: its own setting, else its display name. */
export function smsSignatureOf(s: { smsSignature: string | null; displayName: string }) {
  return s.smsSignature?.trim() || s.displayName;
}
