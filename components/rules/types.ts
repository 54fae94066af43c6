/** Shapes of the rules procedures' results, as the console receives them. */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["commissionRules"];

export type RuleRow = Out["list"]["items"][number];
export type RuleDetail = Out["get"];
export type RuleVersion = RuleDetail["versions"][number];
export type Simulation = Out["simulate"];
export type SimulatedLine = Simulation["lines"][number];
export type SimulatedTier = SimulatedLine["tiers"][number];
export type Explanation = SimulatedTier["explanation"][number];
