import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { LegalDocuments } from "@/components/settings/legal-documents";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("legal.settings"))("title") };
}

export default async function LegalSettingsPage() {
  const me = await getMe();
  if (!hasPermission(me, "settings.read")) return <NoPermission role={me?.active?.role} />;
  await getQueryClient().prefetchQuery(trpc.legal.list.queryOptions());
  return (
    <HydrateClient>
      <LegalDocuments canWrite={hasPermission(me, "settings.write")} />
    </HydrateClient>
  );
}
