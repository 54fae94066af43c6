/**
 * The development/test mail service: messages go to the platform table email_outbox, shown at
 * /dev/mail and read back by the e2e suite. Never selected in production (select.ts).
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { withPlatform } from "@/db/tenant";
import type { EmailProvider } from "./provider";

export function emailOutboxProvider(db: Db): EmailProvider {
  return {
    name: "outbox",
    async send(m) {
      await withPlatform(db, (tx) => tx.insert(emailOutbox).values({ to: m.to.toLowerCase(), subject: m.subject, body: m.text }));
    },
  };
}

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
}

/** Newest first; only mail to `to` when given. */
export async function listMailOutbox(db: Db, opts: { limit?: number; to?: string } = {}): Promise<OutboxMail[]> {
  return withPlatform(db, (tx) =>
    tx
      .select()
      .from(emailOutbox)
      .where(opts.to ? eq(emailOutbox.to, opts.to.trim().toLowerCase()) : undefined)
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
      .limit(opts.limit ?? 50),
  );
}

/** The first link in a message body (the e2e suite and tests follow it). */
export function firstLink(body: string): string | null {
  return /https?:\/\/\S+/.exec(body)?.[0] ?? null;
}
