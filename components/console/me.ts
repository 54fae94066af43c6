/** The signed-in staff member (me.get) for server components, once per request. */
import { TRPCError } from "@trpc/server";
import { cache } from "react";
import { serverCaller } from "@/components/trpc/server";
import type { Permission } from "@/server/auth/permissions";

export const getMe = cache(async () => {
  try {
    return await (await serverCaller()).me.get();
  } catch (e) {
    if (e instanceof TRPCError && e.code === "UNAUTHORIZED") return null;
    throw e;
  }
});

export type Me = NonNullable<Awaited<ReturnType<typeof getMe>>>;

export function hasPermission(me: Me | null, permission: Permission): boolean {
  return !!me?.active && (me.permissions as readonly string[]).includes(permission);
}
