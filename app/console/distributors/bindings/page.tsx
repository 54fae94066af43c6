import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { BindingLookupView } from "@/components/network/binding-lookup";
import { buttonClasses } from "@/components/ui/button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("network.bindings");
  return { title: t("title") };
}

export default async function BindingsPage() {
  const me = await getMe();
  if (!me?.active || !hasPermission(me, "distributors.read")) return <NoPermission role={me?.active?.role} />;
  const t = await getTranslations("network.bindings");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/console/distributors" className={buttonClasses("ghost")}>
            {t("back")}
          </Link>
        }
      />
      <BindingLookupView canManage={hasPermission(me, "distributors.manage")} />
    </>
  );
}
