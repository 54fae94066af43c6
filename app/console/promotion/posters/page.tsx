import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { TemplateManager } from "@/components/promotion/template-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("promotion.console.tabs");
  return { title: t("posters") };
}

export default async function PostersPage() {
  const me = await getMe();
  await getQueryClient().prefetchQuery(trpc.posterTemplates.list.queryOptions());
  return (
    <HydrateClient>
      <TemplateManager
        canWrite={hasPermission(me, "distributors.manage")}
        brandName={me?.active?.name ?? ""}
      />
    </HydrateClient>
  );
}
