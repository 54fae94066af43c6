import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotificationsView } from "@/components/portal/notifications-view";
import { requirePortalMe } from "@/components/portal/portal-data";

type Props = { params: Promise<{ brandSlug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("metaTitle") };
}

export default async function PortalNotificationsPage({ params }: Props) {
  const { brand } = await requirePortalMe((await params).brandSlug, "notifications");
  return <NotificationsView slug={brand.slug} />;
}
