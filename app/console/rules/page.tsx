import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/console/page-header";
import { rulesListInput } from "@/components/rules/list-input";
import { RulesList } from "@/components/rules/rules-list";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { buttonClasses } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rules");
  return { title: t("title") };
}

export default async function RulesPage() {
  const t = await getTranslations("rules");
  await getQueryClient().prefetchQuery(
    trpc.commissionRules.list.queryOptions(rulesListInput("all", "", 1)),
  );
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Link
              href="/console/rules/simulate"
              className={buttonClasses("secondary")}
              data-testid="rules-simulate"
            >
              {t("simulate")}
            </Link>
            <Link
              href="/console/rules/new"
              className={buttonClasses("primary")}
              data-testid="rule-new"
            >
              {t("new")}
            </Link>
          </>
        }
      />
      <HydrateClient>
        <RulesList />
      </HydrateClient>
    </>
  );
}
