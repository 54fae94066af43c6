/** Shapes of the network procedures' results, as the console receives them. */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>;

export type DistributorRow = Out["distributors"]["list"]["items"][number];
export type DistributorDetail = Out["distributors"]["detail"];
export type DistributorStatus = DistributorRow["status"];
export type DistributorRole = DistributorRow["role"];
export type TreeNode = Out["team"]["children"]["items"][number];
export type Level = Out["distributors"]["levels"][number];
export type ImportReport = Out["distributors"]["import"];
export type BindingLookup = NonNullable<Out["bindings"]["lookup"]>;
export type BindingRow = BindingLookup["history"][number];
export type BindOutcome = Out["bindings"]["override"];
export type BrandSettings = Out["settings"]["get"];
export type BindingListRow = Out["bindings"]["list"]["items"][number];
