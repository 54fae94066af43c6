import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, STAFF_ROLES } from "./permissions";

describe("role permissions", () => {
  it("owners and admins can do everything", () => {
    for (const p of PERMISSIONS) {
      expect(can("owner", p)).toBe(true);
      expect(can("admin", p)).toBe(true);
    }
  });

  it("operators, finance and risk cannot manage staff or API keys", () => {
    for (const role of ["operator", "finance", "risk"] as const) {
      expect(can(role, "staff.manage")).toBe(false);
      expect(can(role, "apikeys.manage")).toBe(false);
      expect(can(role, "settings.write")).toBe(false);
    }
  });

  it("separates duties: finance reviews withdrawals, risk reviews risk, operators run the network", () => {
    expect(can("finance", "withdrawals.review")).toBe(true);
    expect(can("operator", "withdrawals.review")).toBe(false);
    expect(can("risk", "risk.review")).toBe(true);
    expect(can("finance", "risk.review")).toBe(false);
    expect(can("operator", "distributors.manage")).toBe(true);
    expect(can("risk", "distributors.manage")).toBe(false);
  });

  it("only names known permissions", () => {
    for (const r of STAFF_ROLES) {
      for (const p of ROLE_PERMISSIONS[r]) expect(PERMISSIONS).toContain(p);
    }
  });
});
