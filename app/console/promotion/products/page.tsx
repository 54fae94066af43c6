import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { ProductManager } from "@/components/promotion/product-manager";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("promotion.console.tabs");
  return { title: t("products") };
}

export default async function ProductsPage() {
  const me = await getMe();
  await getQueryClient().prefetchQuery(
    trpc.products.list.queryOptions({ page: 1, pageSize: 20, status: "active" }),
  );
  return (
    <HydrateClient>
      <ProductManager canWrite={hasPermission(me, "distributors.manage")} />
    </HydrateClient>
  );
}
