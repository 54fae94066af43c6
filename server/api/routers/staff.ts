import { z } from "zod";
import { inviteSchema, staffRoleSchema } from "@/server/tenancy/schemas";
import {
  changeStaffRole,
  inviteStaff,
  listStaff,
  removeStaff,
  revokeInvitation,
} from "@/server/tenancy/staff";
import { createTRPCRouter, tenantProcedure } from "../trpc";
import { staffActor } from "./actor";

export const staffRouter = createTRPCRouter({
  list: tenantProcedure("staff.manage").query(({ ctx }) => listStaff(ctx.tx)),
  invite: tenantProcedure("staff.manage")
    .input(inviteSchema)
    .mutation(({ ctx, input }) =>
      inviteStaff(ctx.tx, staffActor(ctx), input, { appUrl: ctx.origin, tenantSlug: ctx.tenant.slug }),
    ),
  revokeInvitation: tenantProcedure("staff.manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.tx, staffActor(ctx), input.id)),
  changeRole: tenantProcedure("staff.manage")
    .input(z.object({ membershipId: z.uuid(), role: staffRoleSchema }))
    .mutation(({ ctx, input }) => changeStaffRole(ctx.tx, staffActor(ctx), input)),
  remove: tenantProcedure("staff.manage")
    .input(z.object({ membershipId: z.uuid() }))
    .mutation(({ ctx, input }) => removeStaff(ctx.tx, staffActor(ctx), input)),
});
