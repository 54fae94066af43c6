import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IdentityView } from "@/components/portal/identity-view";
import { requirePortalMe } from "@/components/portal/portal-data";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { env } from "@/server/env";

type Params = { params: Promise<{ brandSlug: string }>; searchParams: Promise<{ wechat?: string }> };
const OUTCOMES = ["linked", "denied", "expired", "failed"] as const;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("identity");
  return { title: t("metaTitle") };
}

export default async function PortalIdentityPage({ params, searchParams }: Params) {
  const { brandSlug } = await params;
  const { wechat } = await searchParams;
  const wechatOutcome = OUTCOMES.find((o) => o === wechat) ?? null;
  const { brand } = await requirePortalMe(brandSlug, "identity");
  const qc = getQueryClient();
  const status = await qc.fetchQuery(trpc.portalNetwork.status.queryOptions({ slug: brand.slug })).catch(() => null);
  if (status?.distributor && status.distributor.status !== "applied" && status.distributor.status !== "rejected") {
    await qc.prefetchQuery(trpc.portalIdentity.get.queryOptions({ slug: brand.slug })).catch(() => null);
  }
  return (
    <HydrateClient>
      <IdentityView slug={brand.slug} brandName={brand.name} maxUploadMb={Math.floor(env.UPLOAD_MAX_BYTES / (1024 * 1024))}
        wechatOutcome={wechatOutcome}
      />
    </HydrateClient>
  );
}
