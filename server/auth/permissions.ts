/**
 * Roles → permissions. Permissions are data: every tenant procedure names the one it needs and
 * the UI hides what a role cannot do. Add a permission here before using it anywhere.
 */
export const STAFF_ROLES = ["owner", "admin", "finance", "operator", "risk"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = [
  "dashboard.read",
  "settings.read",
  "settings.write",
  "staff.manage",
  "apikeys.manage",
  "audit.read",
  "distributors.read",
  "distributors.manage",
  "rules.manage",
  "orders.read",
  "settlement.manage",
  "withdrawals.review",
  "risk.review",
  "compliance.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everything = [...PERMISSIONS];

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  owner: everything,
  admin: everything,
  finance: [
    "dashboard.read",
    "settings.read",
    "distributors.read",
    "orders.read",
    "settlement.manage",
    "withdrawals.review",
    "compliance.read",
    "audit.read",
  ],
  operator: [
    "dashboard.read",
    "settings.read",
    "distributors.read",
    "distributors.manage",
    "rules.manage",
    "orders.read",
  ],
  risk: ["dashboard.read", "settings.read", "distributors.read", "orders.read", "risk.review"],
};

export function can(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
