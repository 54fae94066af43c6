import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown instead of a page whose procedures the role may not call (they would be FORBIDDEN). */
export async function NoPermission({ role }: { role?: string }) {
  const t = await getTranslations("console.noPermission");
  const tr = await getTranslations("common.roles");
  return (
    <EmptyState
      data-testid="no-permission"
      icon={
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-10" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V8a4 4 0 1 1 8 0v3" />
        </svg>
      }
      title={t("title")}
      description={role ? t("bodyWithRole", { role: tr(role) }) : t("body")}
    />
  );
}
