import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
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
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-mono font-medium text-slate-900">
                  <span className="sr-only">{t("phone")}: </span>
                  {m.phone}
                </span>
                <time dateTime={m.createdAt.toISOString()} className="text-xs text-slate-500">
                  <span className="sr-only">{t("time")}: </span>
                  {format.dateTime(m.createdAt, { dateStyle: "short", timeStyle: "medium" })}
                </time>
              </div>
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
