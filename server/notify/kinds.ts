/**
 * The kinds of notification a member can receive. Each kind's text lives in the notifications
 * catalogue (server/i18n/messages/<locale>/notifications.json) under `kinds.<kind>` with a
 * `title`, a `body` and, when `sms` is set, an `sms` template; `params` are the placeholders
 * those templates use. Later areas add their kinds here (e.g. commission.settled, payout.paid).
 */
export interface NotificationKindDef {
  /** Also sent by SMS to the member's phone, after the transaction commits. */
  sms: boolean;
  params: readonly string[];
  /** The portal page the notification links to, relative to /d/<brand>. */
  href: string;
}

export const NOTIFICATION_KINDS = {
  "application.approved": { sms: true, params: ["brand", "level"], href: "/promote" },
  "application.rejected": { sms: true, params: ["brand", "reason"], href: "/apply" },
  // Withdrawals (issue 9): the portal's withdrawal detail shows the whole timeline. Only the
  // steps that need the distributor to act, or that mean money arrived, also go by SMS.
  "withdrawal.approved": { sms: false, params: ["amount", "outBillNo"], href: "/withdraw" },
  "withdrawal.rejected": { sms: false, params: ["amount", "outBillNo", "reason"], href: "/withdraw" },
  "withdrawal.confirm_receipt": { sms: true, params: ["amount", "net", "outBillNo"], href: "/withdraw" },
  "withdrawal.paid": { sms: true, params: ["amount", "net", "outBillNo"], href: "/withdraw" },
  "withdrawal.failed": { sms: false, params: ["amount", "outBillNo", "reason"], href: "/withdraw" },
  "withdrawal.cancelled": { sms: false, params: ["amount", "outBillNo", "reason"], href: "/withdraw" },
  "withdrawal.expired": { sms: false, params: ["amount", "outBillNo"], href: "/withdraw" },
} as const satisfies Record<string, NotificationKindDef>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export type NotificationParams = Record<string, string | number | null>;

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, kind);
}

/** The catalogue key of a kind: dots would nest, so they become underscores. */
export function catalogueKey(kind: NotificationKind): string {
  return kind.replaceAll(".", "_");
}
