import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { listInput, parseTableState } from "@/components/console/data-table/url-state";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { BindingLookupView } from "@/components/network/binding-lookup";
import { BINDINGS_SPEC } from "@/components/network/bindings-spec";
import { BindingsTable } from "@/components/network/bindings-table";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { buttonClasses } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("network.bindings");
  return { title: t("title") };
}

export default async function BindingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("network");
  const initial = parseTableState(BINDINGS_SPEC, await searchParams);
  await getQueryClient().prefetchQuery(trpc.bindings.list.queryOptions(listInput(BINDINGS_SPEC, initial)));
  return (
    <>
      <PageHeader
        title={t("bindings.title")}
        description={t("bindings.description")}
        actions={
          <Link href="/console/distributors" className={buttonClasses("ghost")}>
            {t("bindings.back")}
          </Link>
        }
      />
      <div className="space-y-8">
        <BindingLookupView canManage={hasPermission(me, "distributors.manage")} />
        <section aria-labelledby="all-bindings" className="space-y-3">
          <div>
            <h2 id="all-bindings" className="text-base font-semibold text-slate-900">
              {t("bindingList.title")}
            </h2>
            <p className="text-sm text-slate-600">{t("bindingList.description")}</p>
          </div>
          <HydrateClient>
            <BindingsTable />
          </HydrateClient>
        </section>
      </div>
    </>
  );
}
