import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/console/page-header";
import { isoToBeijingLocal } from "@/components/rules/form-values";
import { RuleSimulator } from "@/components/rules/simulator";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { buttonClasses } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rules.simulator");
  return { title: t("title") };
}

export default async function SimulatePage() {
  const t = await getTranslations("rules");
  await getQueryClient().prefetchQuery(trpc.distributors.levels.queryOptions());
  return (
    <>
      <PageHeader
        title={t("simulator.title")}
        description={t("simulator.description")}
        actions={
          <Link href="/console/rules" className={buttonClasses("ghost")}>
            {t("allRules")}
          </Link>
        }
      />
      <HydrateClient>
        {/* The default paid time is read once on the server, so both renders agree. */}
        <RuleSimulator paidAtDefault={isoToBeijingLocal(new Date().toISOString())} />
      </HydrateClient>
    </>
  );
}
