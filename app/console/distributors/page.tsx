import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { AddDistributorDialog } from "@/components/network/add-distributor-dialog";
import { listInput as tableInput, parseTableState } from "@/components/console/data-table/url-state";
import { DISTRIBUTORS_SPEC } from "@/components/network/distributors-spec";
import { DistributorsView } from "@/components/network/distributors-view";
import { listInput, parseListState, REVIEW_COUNT_INPUT } from "@/components/network/list-state";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { buttonClasses } from "@/components/ui/button";
import { requestAppUrl } from "@/server/shared/app-url";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("network.list");
  return { title: t("title") };
}

export default async function DistributorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("network.list");
  const params = await searchParams;
  // The review queue keeps its own filters; "All" is the shared table with its spec's URL state.
  const review = parseListState(params);
  const canManage = hasPermission(me, "distributors.manage");
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(
      trpc.distributors.list.queryOptions(
        review.tab === "review" ? listInput(review) : tableInput(DISTRIBUTORS_SPEC, parseTableState(DISTRIBUTORS_SPEC, params)),
      ),
    ),
    qc.prefetchQuery(trpc.distributors.list.queryOptions(REVIEW_COUNT_INPUT)),
    qc.prefetchQuery(trpc.distributors.levels.queryOptions()),
    hasPermission(me, "settings.read") ? qc.prefetchQuery(trpc.settings.get.queryOptions()) : null,
  ]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Link href="/console/distributors/bindings" className={buttonClasses("ghost")} data-testid="bindings-link">
              {t("bindings")}
            </Link>
            {canManage && (
              <>
                <Link href="/console/distributors/import" className={buttonClasses("secondary")} data-testid="import-link">
                  {t("importCsv")}
                </Link>
                <AddDistributorDialog />
              </>
            )}
          </>
        }
      />
      <HydrateClient>
        <DistributorsView
          initialTab={review.tab}
          reviewInitial={review}
          canManage={canManage}
          portalUrl={await requestAppUrl(`/d/${me.active.slug}`)}
        />
      </HydrateClient>
    </>
  );
}
