import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { RuleDetailView } from "@/components/rules/rule-detail";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rules");
  return { title: t("title") };
}

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  await getQueryClient().prefetchQuery(trpc.commissionRules.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <RuleDetailView id={id} />
    </HydrateClient>
  );
}
