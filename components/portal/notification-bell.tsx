import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { serverCaller } from "@/components/trpc/server";

/** The header's link to the notification list, with the unread count. */
export async function NotificationBell({ slug }: { slug: string }) {
  const [t, { unread }] = await Promise.all([
    getTranslations("notifications"),
    (await serverCaller()).portalTrust.unreadCount({ slug }).catch(() => ({ unread: 0 })),
  ]);
  return (
    <Link
      href={`/d/${slug}/notifications`}
      className="relative inline-flex size-9 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100"
      aria-label={unread ? `${t("title")} (${t("unread", { count: unread })})` : t("title")}
      data-testid="notification-bell"
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5" aria-hidden>
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && (
        <span className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white" data-testid="notification-unread">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
