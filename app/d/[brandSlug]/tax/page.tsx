import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePortalMe } from "@/components/portal/portal-data";
import { AnnualStatementView } from "@/components/tax/annual-statement";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { taxMonthOf } from "@/server/payouts/tax/month";

type Params = { params: Promise<{ brandSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("tax.portal");
  return { title: t("title") };
}

/** The distributor's annual tax statement: income and tax withheld by month (?year=YYYY). */
export default async function PortalTaxPage({ params, searchParams }: Params) {
  const { brandSlug } = await params;
  const { brand } = await requirePortalMe(brandSlug, "tax");
  const raw = (await searchParams).year;
  const current = Number(taxMonthOf(new Date()).slice(0, 4));
  const year = typeof raw === "string" && /^\d{4}$/.test(raw) && Number(raw) >= 2000 && Number(raw) <= current ? Number(raw) : current;
  await getQueryClient()
    .prefetchQuery(trpc.portalTax.annual.queryOptions({ slug: brand.slug, year }))
    .catch(() => null);
  return (
    <HydrateClient>
      <AnnualStatementView slug={brand.slug} year={year} currentYear={current} />
    </HydrateClient>
  );
}
