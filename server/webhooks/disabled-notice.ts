/**
 * The mail a brand's owners and admins get when the dispatcher disables one of its endpoints
 * after failures in a row: which URL, why, and where to enable it again. The audit log and the
 * console already say so, but nobody looks there until the receiving system is missing data.
 *
 * Sent only after the disable committed (deliver.ts registers it with afterCommit), so a
 * rolled-back disable mails nobody. One message per person, so addresses are not shared. Staff
 * have no stored language, so each message carries the Chinese text and then the English.
 */
import { and, eq, inArray } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { Db } from "@/db/client";
import { memberships, tenants, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { getEmailProvider } from "@/server/email/get-provider";
import type { EmailProvider } from "@/server/email/provider";
import { LOCALES } from "@/server/i18n/config";
import { loadMessages } from "@/server/i18n/messages";
import { appUrl } from "@/server/shared/app-url";

/** The roles that may enable an endpoint again (apikeys.manage; server/api/routers/webhooks.ts). */
export const NOTIFIED_ROLES = ["owner", "admin"] as const;
export const WEBHOOKS_PAGE = "/console/settings/webhooks";

export interface DisabledEndpoint {
  url: string;
  failures: number;
  statusCode: number | null;
  error: string | null;
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

async function translators(): Promise<Translate[]> {
  return Promise.all(
    LOCALES.map(async (locale) => {
      const t = createTranslator({
        locale,
        messages: await loadMessages(locale),
        namespace: "webhooks.disabledMail",
      });
      // Messages are loaded at run time, so keys cannot be checked against a static type here.
      return t as unknown as Translate;
    }),
  );
}

async function recipients(db: Db, tenantId: string) {
  return withTenant(db, tenantId, async (tx) => {
    const [brand] = await tx
      .select({ name: tenants.name })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    const people = await tx
      .select({ email: users.email, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(eq(memberships.tenantId, tenantId), inArray(memberships.role, [...NOTIFIED_ROLES])),
      );
    return { brand: brand?.name ?? "", people };
  });
}

/** Mails the notice; returns the messages sent. One person's failed send is logged, not thrown. */
export async function mailEndpointDisabled(
  db: Db,
  tenantId: string,
  e: DisabledEndpoint,
  email?: EmailProvider,
): Promise<number> {
  const { brand, people } = await recipients(db, tenantId);
  if (!people.length) return 0;
  const provider = email ?? getEmailProvider(db);
  const ts = await translators();
  const last = e.statusCode !== null ? `HTTP ${e.statusCode}` : (e.error ?? "—");
  let sent = 0;
  for (const p of people) {
    const values = {
      brand,
      name: p.name,
      url: e.url,
      failures: e.failures,
      last,
      link: appUrl(WEBHOOKS_PAGE),
    };
    try {
      await provider.send({
        to: p.email,
        subject: ts.map((t) => t("subject", values)).join(" / "),
        text: ts.map((t) => t("body", values)).join("\n\n———\n\n"),
      });
      sent++;
    } catch (err) {
      console.error(
        `webhooks: endpoint-disabled mail to a staff member of brand ${tenantId} failed`,
        err,
      );
    }
  }
  return sent;
}
