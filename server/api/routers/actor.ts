import type { StaffRole } from "@/server/auth/permissions";
import type { Actor } from "@/server/tenancy/audit";

/** The signed-in staff member as the actor of an audited change. */
export function staffActor(ctx: { staff: { userId: string }; role: StaffRole }) {
  return { type: "staff", id: ctx.staff.userId, role: ctx.role } satisfies Actor & {
    role: StaffRole;
  };
}
