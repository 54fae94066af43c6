import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Signed in, but no active brand: either pick one or get invited / create one. */
export async function NoBrandState({ hasBrands }: { hasBrands: boolean }) {
  const t = await getTranslations("console.noBrand");
  return hasBrands ? (
    <EmptyState data-testid="no-active-brand" title={t("chooseTitle")} description={t("chooseBody")} />
  ) : (
    <EmptyState
      data-testid="no-brand"
      title={t("noneTitle")}
      description={t("noneBody")}
      action={
        <Link href="/signup" className={buttonClasses("secondary")}>
          {t("signUp")}
        </Link>
      }
    />
  );
}
