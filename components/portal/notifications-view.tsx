"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { catalogueKey, isNotificationKind } from "@/server/notify/kinds";
import { PortalQueryState } from "./list-frame";

/** The member's notifications, newest first; opening one marks it read. */
export function NotificationsView({ slug }: { slug: string }) {
  const t = useTranslations("notifications");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const list = useQuery(trpc.portalTrust.notifications.queryOptions({ slug, limit: 50 }));
  const mark = useMutation(
    trpc.portalTrust.markRead.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.portalTrust.pathKey() });
        // The unread badge in the header is server-rendered.
        router.refresh();
      },
    }),
  );
  // Keys come from the kind registry at run time.
  const text = (kind: string, part: "title" | "body", params: Record<string, string | number | null>) =>
    isNotificationKind(kind)
      ? (t as unknown as (k: string, v: Record<string, string | number>) => string)(
          `kinds.${catalogueKey(kind)}.${part}`,
          Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? ""])),
        )
      : kind;
  return (
    <div className="space-y-4" data-testid="notifications-page">
      <div className="flex items-center justify-between gap-3 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        {!!list.data?.unread && (
          <Button size="sm" variant="secondary" loading={mark.isPending} onClick={() => mark.mutate({ slug, ids: "all" })} data-testid="notifications-mark-all">
            {t("markAllRead")}
          </Button>
        )}
      </div>
      {!list.data ? (
        <PortalQueryState query={list} slug={slug} path={`/d/${slug}/notifications`} />
      ) : (
        ((data) =>
          data.items.length === 0 ? (
            <p className="rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-600" data-testid="notifications-empty">
              {t("empty")}
            </p>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="notifications-list">
              {data.items.map((n) => (
                <li key={n.id} className="space-y-1 px-4 py-3" data-testid="notification" data-kind={n.kind} data-read={n.readAt ? "1" : "0"}>
                  <div className="flex items-start justify-between gap-2">
                    <p className="text-sm font-medium text-slate-900">
                      {!n.readAt && (
                        <Badge tone="info" className="mr-2">
                          {t("new")}
                        </Badge>
                      )}
                      {text(n.kind, "title", n.params)}
                    </p>
                    <time dateTime={n.createdAt.toISOString()} className="shrink-0 text-xs text-slate-500">
                      {format.dateTime(n.createdAt, { dateStyle: "short", timeStyle: "short" })}
                    </time>
                  </div>
                  <p className="text-sm text-slate-700">{text(n.kind, "body", n.params)}</p>
                  <div className="flex gap-4 text-sm">
                    {n.href && (
                      <Link href={`/d/${slug}${n.href}`} className="font-medium text-brand-700 hover:underline" onClick={() => !n.readAt && mark.mutate({ slug, ids: [n.id] })}>
                        {t("open")}
                      </Link>
                    )}
                    {!n.readAt && (
                      <button type="button" className="text-slate-600 hover:underline" onClick={() => mark.mutate({ slug, ids: [n.id] })} data-testid="notification-mark-read">
                        {t("markRead")}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          ))(list.data)
      )}
    </div>
  );
}
