/**
 * Server-side tRPC: prefetch in a server component, then <HydrateClient> hands the cache to
 * the client so the page renders with data and no loading flash.
 */
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter } from "@/server/api/root";
import { requestTrpcContext } from "@/server/api/request-context";
import { makeQueryClient } from "./query-client";

export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => requestTrpcContext(await headers()));

export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** A direct server caller, for server components that need data to decide what to render. */
export const serverCaller = cache(async () => appRouter.createCaller(await createContext()));

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
