import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { HomeCounts } from "@/components/console/home-counts";
import { OnboardingChecklist } from "@/components/console/onboarding-checklist";
import { getMe, hasPermission } from "@/components/console/me";
import { NoPermission } from "@/components/console/no-permission";
import { PageHeader } from "@/components/console/page-header";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/components/trpc/server";
import { PerformanceDashboard } from "@/components/dashboard/performance-dashboard";
import { EmptyState } from "@/components/ui/empty-state";
import { brandMonthOf } from "@/server/dashboard/month";
import { requestAppUrl } from "@/server/shared/app-url";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("console.dashboard");
  return { title: t("title") };
}

export default async function DashboardPage() {
  const me = await getMe();
  const t = await getTranslations("console.dashboard");
  if (!me?.active || !hasPermission(me, "dashboard.read")) return <NoPermission role={me?.active?.role} />;
  // Once the brand is set up (setup finished or put away) or has orders, home is the
  // performance dashboard; until then, the setup checklist and today's counts.
  const caller = await serverCaller();
  const [onboarding, hasOrders] = await Promise.all([caller.settings.onboarding(), caller.dashboard.hasOrders()]);
  if (hasOrders || onboarding.dismissed || onboarding.completed === onboarding.steps.length) {
    return (
      <>
        <PageHeader title={(await getTranslations("dashboard"))("title")} description={t("welcome", { name: me.user.name, brand: me.active.name })} />
        <PerformanceDashboard currentMonth={brandMonthOf(new Date())} />
      </>
    );
  }
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.settings.onboarding.queryOptions()), qc.prefetchQuery(trpc.dashboard.counts.queryOptions())]);
  return (
    <>
      <PageHeader title={t("title")} description={t("welcome", { name: me.user.name, brand: me.active.name })} />
      <HydrateClient>
        <HomeCounts />
        <OnboardingChecklist
          portalUrl={await requestAppUrl(`/d/${me.active.slug}`)}
          can={{
            program: hasPermission(me, "settings.read"),
            staff: hasPermission(me, "staff.manage"),
            apiKey: hasPermission(me, "apikeys.manage"),
            dismiss: hasPermission(me, "settings.write"),
          }}
        />
      </HydrateClient>
      <EmptyState
        className="mt-8"
        data-testid="dashboard-empty"
        icon={
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-10" fill="none" stroke="currentColor" strokeWidth="1.5">
            <path d="M4 19h16M7 15v-4m5 4V8m5 7v-6" strokeLinecap="round" />
          </svg>
        }
        title={t("emptyTitle")}
        description={t("emptyBody")}
      />
    </>
  );
}
