import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/console/page-header";
import { RuleForm } from "@/components/rules/rule-form";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/components/trpc/server";
import { isUuid } from "@/db/ids";
import { TRPCError } from "@trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rules");
  return { title: t("title") };
}

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const t = await getTranslations("rules.form");
  // The form starts from the current definition, so it needs the rule before it renders.
  const rule = await (await serverCaller()).commissionRules.get({ id }).catch((e: unknown) => {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  await getQueryClient().prefetchQuery(trpc.distributors.levels.queryOptions());
  return (
    <>
      <PageHeader title={t("editTitle", { name: rule.name })} />
      <HydrateClient>
        <RuleForm rule={rule} />
      </HydrateClient>
    </>
  );
}
