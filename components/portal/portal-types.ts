/** Shapes of portal procedure outputs, for components that receive them as props. */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type PortalStatus = Outputs["portalNetwork"]["status"];
export type PortalDistributor = NonNullable<PortalStatus["distributor"]>;
export type DistributorStatus = PortalDistributor["status"];
export type TeamPage = Outputs["portalNetwork"]["team"];
export type CustomersPage = Outputs["portalNetwork"]["customers"];
export type EarningsPage = Outputs["portalEarnings"]["commissions"];
export type EarningsSummary = Outputs["portalEarnings"]["summary"];
