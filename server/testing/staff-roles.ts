/** A staff member of a brand in a given role, joined through the real invitation flow. */
import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import type { StaffRole } from "@/server/auth/permissions";
import { inviteStaff, joinWithNewAccount } from "@/server/tenancy/staff";
import { staffCaller } from "./fixtures";

export async function staffInRole(
  t: Database,
  brand: { tenantId: string; slug: string; ownerUserId: string },
  role: Exclude<StaffRole, "owner">,
) {
  const email = `${role}-${randomBytes(4).toString("hex")}@${brand.slug}.test`;
  const inv = await withTenant(t.db, brand.tenantId, (tx) =>
    inviteStaff(tx, { type: "staff", id: brand.ownerUserId }, { email, role }, { appUrl: "http://x.test", tenantSlug: brand.slug }),
  );
  const { userId } = await joinWithNewAccount(t.db, {
    slug: brand.slug,
    token: inv.link.split("/").at(-1)!,
    name: `${role} person`,
    password: "fresh-pass-123",
  });
  return { userId, ...(await staffCaller(t, userId, brand.tenantId)) };
}
