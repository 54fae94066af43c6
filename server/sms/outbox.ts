/**
 * The development/test SMS gateway: messages are written to the platform table sms_outbox
 * instead of being delivered. Never selected in production (see select.ts); the dev page and
 * the e2e helper route read it back through the functions below.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { smsOutbox } from "@/db/schema";
import { withPlatform } from "@/db/tenant";
import { extractOtpCode, noticeMessage, otpMessage, type SmsProvider } from "./provider";

export function outboxProvider(db: Db): SmsProvider {
  return {
    name: "outbox",
    async sendOtp(phone, code) {
      await withPlatform(db, (tx) =>
        tx.insert(smsOutbox).values({ phone, body: otpMessage(code) }),
      );
    },
    async sendNotice(phone, notice) {
      await withPlatform(db, (tx) =>
        tx.insert(smsOutbox).values({ phone, body: noticeMessage(notice) }),
      );
    },
  };
}

export interface OutboxMessage {
  id: string;
  phone: string;
  body: string;
  createdAt: Date;
}

/** Newest first. */
export async function listOutbox(db: Db, limit = 50): Promise<OutboxMessage[]> {
  return withPlatform(db, (tx) =>
    tx
      .select({
        id: smsOutbox.id,
        phone: smsOutbox.phone,
        body: smsOutbox.body,
        createdAt: smsOutbox.createdAt,
      })
      .from(smsOutbox)
      .orderBy(desc(smsOutbox.createdAt), desc(smsOutbox.id))
      .limit(limit),
  );
}

/** The code in the newest message to `phone` (normalised 11 digits), or null. */
export async function latestOutboxCode(
  db: Db,
  phone: string,
): Promise<{ code: string; sentAt: Date } | null> {
  const [row] = await withPlatform(db, (tx) =>
    tx
      .select({ body: smsOutbox.body, createdAt: smsOutbox.createdAt })
      .from(smsOutbox)
      .where(eq(smsOutbox.phone, phone))
      .orderBy(desc(smsOutbox.createdAt), desc(smsOutbox.id))
      .limit(1),
  );
  const code = row ? extractOtpCode(row.body) : null;
  return row && code ? { code, sentAt: row.createdAt } : null;
}
