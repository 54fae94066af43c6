"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/trpc/client";

/**
 * After any network change: lists, details, tree pages and binding look-ups all read from the
 * same tree, so they are refreshed together (plus the dashboard's "first distributor" step).
 */
export function useInvalidateNetwork() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.distributors.pathFilter()),
        queryClient.invalidateQueries(trpc.team.pathFilter()),
        queryClient.invalidateQueries(trpc.bindings.pathFilter()),
        queryClient.invalidateQueries({ queryKey: trpc.settings.onboarding.queryKey() }),
      ]),
    [queryClient, trpc],
  );
}
