import { createCallerFactory, createTRPCRouter } from "./trpc";
import { apiKeysRouter } from "./routers/api-keys";
import { authRouter } from "./routers/auth";
import { commissionRulesRouter } from "./routers/commission-rules";
import { commissionsRouter } from "./routers/commissions";
import { dashboardRouter } from "./routers/dashboard";
import { bindingsRouter, distributorsRouter, teamRouter } from "./routers/distributors";
import { legalRouter } from "./routers/legal";
import { materialsRouter } from "./routers/materials";
import { meRouter } from "./routers/me";
import { ordersRouter } from "./routers/orders";
import { portalRouter } from "./routers/portal";
import { portalEarningsRouter } from "./routers/portal-earnings";
import { portalIdentityRouter } from "./routers/portal-identity";
import { portalNetworkRouter } from "./routers/portal-network";
import { portalTrustRouter } from "./routers/portal-trust";
import { posterTemplatesRouter } from "./routers/poster-templates";
import { productsRouter } from "./routers/products";
import { promoteRouter } from "./routers/promote";
import { settingsRouter } from "./routers/settings";
import { settlementRouter } from "./routers/settlement";
import { importsRouter } from "./routers/imports";
import { staffRouter } from "./routers/staff";
import { portalWithdrawalsRouter } from "./routers/portal-withdrawals";
import { withdrawalsRouter } from "./routers/withdrawals";
import { externalPayoutsRouter, portalTaxRouter, taxRouter } from "./routers/tax";
import { bankBatchesRouter, portalPayoutsRouter } from "./routers/payouts";
import { complianceRouter } from "./routers/compliance";
import { portalTeamBonusRouter, teamBonusRouter } from "./routers/team-bonus";
import { kpiTasksRouter, leaderboardsRouter } from "./routers/incentives-kpi";
import { portalIncentivesRouter } from "./routers/portal-incentives";
import { webhooksRouter } from "./routers/webhooks";
import { riskRouter } from "./routers/risk";
import { riskCenterRouter } from "./routers/risk-center";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  me: meRouter,
  dashboard: dashboardRouter,
  settings: settingsRouter,
  legal: legalRouter,
  staff: staffRouter,
  apiKeys: apiKeysRouter,
  portal: portalRouter,
  portalNetwork: portalNetworkRouter,
  portalEarnings: portalEarningsRouter,
  portalIdentity: portalIdentityRouter,
  portalTrust: portalTrustRouter,
  distributors: distributorsRouter,
  team: teamRouter,
  bindings: bindingsRouter,
  products: productsRouter,
  posterTemplates: posterTemplatesRouter,
  materials: materialsRouter,
  promote: promoteRouter,
  commissionRules: commissionRulesRouter,
  orders: ordersRouter,
  commissions: commissionsRouter,
  settlement: settlementRouter,
  imports: importsRouter,
  withdrawals: withdrawalsRouter,
  portalWithdrawals: portalWithdrawalsRouter,
  tax: taxRouter,
  externalPayouts: externalPayoutsRouter,
  portalTax: portalTaxRouter,
  bankBatches: bankBatchesRouter,
  portalPayouts: portalPayoutsRouter,
  compliance: complianceRouter,
  teamBonus: teamBonusRouter,
  portalTeamBonus: portalTeamBonusRouter,
  kpiTasks: kpiTasksRouter,
  leaderboards: leaderboardsRouter,
  portalIncentives: portalIncentivesRouter,
  webhooks: webhooksRouter,
  risk: riskRouter,
  riskCenter: riskCenterRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
