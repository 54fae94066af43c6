import { z } from "zod";
import { listStaffBrands, switchBrand } from "@/server/auth/staff-auth";
import { ROLE_PERMISSIONS } from "@/server/auth/permissions";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const meRouter = createTRPCRouter({
  /** Who am I, which brands can I switch to, and what may I do in the active one. */
  get: authedProcedure.query(async ({ ctx }) => {
    const brands = await listStaffBrands(ctx.db, ctx.staff.userId);
    const active = brands.find((b) => b.tenantId === ctx.staff.activeTenantId) ?? null;
    return {
      user: { id: ctx.staff.userId, email: ctx.staff.email, name: ctx.staff.name },
      brands,
      active,
      permissions: active ? [...ROLE_PERMISSIONS[active.role]] : [],
    };
  }),
  switchBrand: authedProcedure
    .input(z.object({ tenantId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await switchBrand(ctx.db, ctx.staff, input.tenantId);
      return { ok: true };
    }),
});
