import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/console/page-header";
import { RuleForm } from "@/components/rules/rule-form";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rules.form");
  return { title: t("newTitle") };
}

export default async function NewRulePage() {
  const t = await getTranslations("rules.form");
  await getQueryClient().prefetchQuery(trpc.distributors.levels.queryOptions());
  return (
    <>
      <PageHeader title={t("newTitle")} />
      <HydrateClient>
        <RuleForm rule={null} />
      </HydrateClient>
    </>
  );
}
