import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { SmsTemplates } from "@/components/settings/sms-templates";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.smsTemplates"))("title") };
}

export default async function NotificationSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.settings.smsTemplates.queryOptions()), qc.prefetchQuery(trpc.settings.get.queryOptions())]);
  return (
    <HydrateClient>
      <SmsTemplates canWrite={hasPermission(me, "settings.write")} />
    </HydrateClient>
  );
}
