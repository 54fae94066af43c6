import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { OutboxEntryHeader } from "@/components/dev/outbox-entry-header";
import { EmptyState } from "@/components/ui/empty-state";
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { listMailOutbox } from "@/server/email/outbox";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account.devMail");
  return { title: t("title"), robots: { index: false } };
}

/** What the outbox mail provider "sent": development and test deployments only (as /dev/sms). */
export default async function DevMailPage() {
  if (env.FENXIAO_ENV === "production") notFound();
  const [t, format, mails] = await Promise.all([
    getTranslations("account.devMail"),
    getFormatter(),
    appDb().then((db) => listMailOutbox(db, { limit: 50 })),
  ]);
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("description")}</p>
      </div>
      {mails.length === 0 ? (
        <EmptyState title={t("empty")} data-testid="dev-mail-empty" />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="dev-mail-list">
          {mails.map((m) => (
            <li key={m.id} className="space-y-1 px-4 py-3" data-testid="dev-mail-message" data-to={m.to}>
              <OutboxEntryHeader
                recipientLabel={t("to")}
                recipient={m.to}
                timeLabel={t("time")}
                at={m.createdAt}
                atText={format.dateTime(m.createdAt, { dateStyle: "short", timeStyle: "medium" })}
              />
              <p className="text-sm font-medium text-slate-800">
                <span className="sr-only">{t("subject")}: </span>
                {m.subject}
              </p>
              <pre className="text-sm break-words whitespace-pre-wrap text-slate-700" data-testid="dev-mail-body">
                {m.body}
              </pre>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
