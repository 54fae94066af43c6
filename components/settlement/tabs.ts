/**
 * The Order Settlement tabs and the permission each needs (the pages check the same one).
 * "Import" is the order-file import (app/console/settlement/import), built on its own.
 */
import type { Permission } from "@/server/auth/permissions";

export const SETTLEMENT_TABS = [
  { id: "orders", href: "/console/settlement/orders", permission: "orders.read" },
  { id: "commissions", href: "/console/settlement/commissions", permission: "orders.read" },
  { id: "import", href: "/console/settlement/import", permission: "settlement.manage" },
] as const satisfies readonly { id: string; href: string; permission: Permission }[];

export type SettlementTabId = (typeof SETTLEMENT_TABS)[number]["id"];
