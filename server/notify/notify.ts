/**
 * Notifications to members: the row is written in the caller's transaction (so it exists
 * exactly when the state change does) and the SMS, for kinds that have one, is sent once that
 * transaction committed, in the member's language, worded as the brand wrote it (or the
 * catalogue's text) and signed with the brand's SMS signature.
 */
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { afterCommit } from "@/db/after-commit";
import type { Tx } from "@/db/client";
import { brandSettings, members, notifications } from "@/db/schema";
import { currentTenantId, withTenant } from "@/db/tenant";
import { DEFAULT_LOCALE, isLocale } from "@/server/i18n/config";
import { unseal } from "@/server/shared/seal";
import { getSmsProvider } from "@/server/sms/get-provider";
import type { SmsProvider } from "@/server/sms/provider";
import type { Db } from "@/db/client";
import { trySendJobEvents } from "@/server/jobs/events";
import { isNotificationKind, NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from "./kinds";
import { renderNotification } from "./render";
import { renderSmsTemplate, smsSignatureOf } from "./sms-template-text";
import { brandSmsTemplate } from "./sms-templates";

/** The purpose a member's phone is sealed under (server/shared/seal.ts). */
export const MEMBER_PHONE_SEAL = "member.phone";

export interface NotifyInput {
  memberId: string;
  kind: NotificationKind;
  params: NotificationParams;
}

/** Tests replace the gateway; production builds it from the environment after commit. */
let providerFor: (db: Db) => SmsProvider = (db) => getSmsProvider(db);
export function setNotifySmsProvider(fn: ((db: Db) => SmsProvider) | null) {
  providerFor = fn ?? ((db) => getSmsProvider(db));
}


export async function notify(tx: Tx, input: NotifyInput) {
  const def = NOTIFICATION_KINDS[input.kind];
  const tenantId = await currentTenantId(tx);
  const [row] = await tx
    .insert(notifications)
    .values({ tenantId, memberId: input.memberId, kind: input.kind, params: input.params })
    .returning({ id: notifications.id });
  if (def.sms) afterCommit(tx, (db) => dispatchNotificationSms(db, tenantId, row!.id));
  return row!;
}

/** A notification's SMS: to whom, signed how, saying what; null when it sends none. */
export async function notificationSms(tx: Tx, notificationId: string) {
  const [n] = await tx
    .select({ kind: notifications.kind, params: notifications.params, memberId: notifications.memberId })
    .from(notifications)
    .where(eq(notifications.id, notificationId));
  if (!n || !isNotificationKind(n.kind) || !NOTIFICATION_KINDS[n.kind].sms) return null;
  const kind = n.kind;
  const params = n.params as NotificationParams;
  const [member] = await tx
    .select({ locale: members.locale, phoneSealed: members.phoneSealed })
    .from(members)
    .where(eq(members.id, n.memberId));
  const phone = member?.phoneSealed ? unseal(member.phoneSealed, MEMBER_PHONE_SEAL) : null;
  // Members created by staff or imports never signed in: the portal list is all they get.
  if (!phone) return null;
  const [brand] = await tx
    .select({ displayName: brandSettings.displayName, smsSignature: brandSettings.smsSignature, smsTemplates: brandSettings.smsTemplates })
    .from(brandSettings);
  if (!brand) return null;
  const locale = isLocale(member?.locale) ? member.locale : DEFAULT_LOCALE;
  // The brand's own wording when it wrote one for this language, else the catalogue's.
  const own = brandSmsTemplate(brand.smsTemplates, kind, locale);
  const text = own ? renderSmsTemplate(own, params) : (await renderNotification(kind, params, locale)).sms;
  return text ? { phone, signName: smsSignatureOf(brand), text } : null;
}

/** Sends a notification's SMS now (the job, or the request's own fallback). True when one went out. */
export async function sendNotificationSms(db: Db, tenantId: string, notificationId: string): Promise<boolean> {
  const sms = await withTenant(db, tenantId, (tx) => notificationSms(tx, notificationId));
  if (!sms) return false;
  await providerFor(db).sendNotice(sms.phone, { signName: sms.signName, text: sms.text });
  return true;
}

/**
 * After the notification's transaction committed: hand the SMS to the job (Inngest retries a
 * failing gateway without holding the request); without Inngest, or when the event cannot be
 * sent, send it here so no outcome goes unannounced.
 */
export async function dispatchNotificationSms(db: Db, tenantId: string, notificationId: string) {
  if (await trySendJobEvents([{ name: "notification/sms", data: { tenantId, notificationId } }])) return;
  await sendNotificationSms(db, tenantId, notificationId);
}

export async function listNotifications(tx: Tx, memberId: string, page: { limit: number; offset: number }) {
  return tx
    .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .where(eq(notifications.memberId, memberId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function unreadCount(tx: Tx, memberId: string): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.memberId, memberId), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** Marks the member's own notifications read: the listed ones, or all of them. */
export async function markRead(tx: Tx, memberId: string, ids: string[] | "all", now: Date = new Date()) {
  const mine = and(eq(notifications.memberId, memberId), isNull(notifications.readAt));
  const where = ids === "all" ? mine : and(mine, inArray(notifications.id, ids));
  const rows = await tx.update(notifications).set({ readAt: now }).where(where).returning({ id: notifications.id });
  return rows.length;
}
