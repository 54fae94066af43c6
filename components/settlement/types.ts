import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type OrderRow = Outputs["orders"]["list"]["items"][number];
export type CommissionRow = Outputs["commissions"]["list"]["items"][number];
export type OrderDetail = Outputs["orders"]["detail"];
export type SettlementStatus = Outputs["settlement"]["status"];
