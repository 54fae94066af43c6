import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { OutboxEntryHeader } from "@/components/dev/outbox-entry-header";
import { EmptyState } from "@/components/ui/empty-state";
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { listOutbox } from "@/server/sms/outbox";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.devSms");
  return { title: t("title"), robots: { index: false } };
}

/** What the outbox SMS provider "sent": development and test deployments only. */
export default async function DevSmsPage() {
  if (env.FENXIAO_ENV === "production") notFound();
  const [t, format, messages] = await Promise.all([
    getTranslations("portal.devSms"),
    getFormatter(),
    appDb().then((db) => listOutbox(db, 50)),
  ]);
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("description")}</p>
      </div>
      {messages.length === 0 ? (
        <EmptyState title={t("empty")} data-testid="dev-sms-empty" />
      ) : (
        <ul
          className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
          data-testid="dev-sms-list"
        >
          {messages.map((m) => (
            <li key={m.id} className="space-y-1 px-4 py-3" data-testid="dev-sms-message">
              <OutboxEntryHeader
                recipientLabel={t("phone")}
                recipient={m.phone}
                timeLabel={t("time")}
                at={m.createdAt}
                atText={format.dateTime(m.createdAt, { dateStyle: "short", timeStyle: "medium" })}
              />
              <p className="text-sm break-words text-slate-700">
                <span className="sr-only">{t("body")}: </span>
                {m.body}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
