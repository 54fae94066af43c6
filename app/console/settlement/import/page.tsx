import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { ImportPanel } from "@/components/settlement/import/import-panel";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settlement");
  return { title: `${t("tabs.import")} · ${t("title")}` };
}

export default async function ImportPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "settlement.manage")) return <NoPermission role={me?.active?.role} />;
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.imports.list.queryOptions({ limit: 20, offset: 0 })),
    qc.prefetchQuery(trpc.imports.mappings.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <ImportPanel />
    </HydrateClient>
  );
}
