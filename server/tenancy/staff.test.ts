import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { authenticateStaff, listStaffBrands } from "@/server/auth/staff-auth";
import { createBrandFixture, TEST_PASSWORD } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import {
  acceptInvitation,
  changeStaffRole,
  describeInvitation,
  inviteStaff,
  joinWithNewAccount,
  listStaff,
  removeStaff,
} from "./staff";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const tokenOf = (link: string) => link.split("/").at(-1)!;

async function invite(b: { tenantId: string; slug: string; ownerUserId: string }, email: string, role = "operator") {
  return withTenant(t.db, b.tenantId, (tx) =>
    inviteStaff(tx, { type: "staff", id: b.ownerUserId }, { email, role }, { appUrl: "http://x.test", tenantSlug: b.slug }),
  );
}

describe("staff invitations", () => {
  it("a new person joins by link, gets the invited role, and can sign in", async () => {
    const b = await createBrandFixture(t);
    const inv = await invite(b, "new.person@staff.test", "finance");
    expect(inv.link).toBe(`http://x.test/invite/${b.slug}/${tokenOf(inv.link)}`);
    const desc = await describeInvitation(t.db, b.slug, tokenOf(inv.link));
    expect(desc).toEqual({ brandName: "Test Brand", email: "new.person@staff.test", role: "finance" });
    await joinWithNewAccount(t.db, { slug: b.slug, token: tokenOf(inv.link), name: "New Person", password: "fresh-pass-123" });
    const user = await authenticateStaff(t.db, { email: "new.person@staff.test", password: "fresh-pass-123", ip: "1.1.1.1" });
    const brands = await listStaffBrands(t.db, user.id);
    expect(brands).toEqual([{ tenantId: b.tenantId, slug: b.slug, name: "Test Brand", role: "finance" }]);
  });

  it("the link works once; stores only the token hash", async () => {
    const b = await createBrandFixture(t);
    const inv = await invite(b, "once@staff.test");
    const token = tokenOf(inv.link);
    const dump = rowsOf<{ t: string }>(await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select row_to_json(i)::text as t from invitations i`)));
    expect(dump.map((d) => d.t).join()).not.toContain(token);
    await joinWithNewAccount(t.db, { slug: b.slug, token, name: "Once", password: "fresh-pass-123" });
    expect(await outcomeOf(joinWithNewAccount(t.db, { slug: b.slug, token, name: "Twice", password: "fresh-pass-123" }))).toBe("NOT_FOUND");
  });

  it("an expired link or the wrong brand's slug is refused", async () => {
    const b = await createBrandFixture(t);
    const other = await createBrandFixture(t);
    const inv = await invite(b, "late@staff.test");
    const token = tokenOf(inv.link);
    const later = new Date(Date.now() + 8 * 86400_000);
    expect(await outcomeOf(joinWithNewAccount(t.db, { slug: b.slug, token, name: "L", password: "fresh-pass-123" }, later))).toBe("NOT_FOUND");
    expect(await outcomeOf(joinWithNewAccount(t.db, { slug: other.slug, token, name: "L", password: "fresh-pass-123" }))).toBe("NOT_FOUND");
    expect(await describeInvitation(t.db, other.slug, token)).toBeNull();
  });

  it("someone already at another brand accepts as their signed-in self, with no password", async () => {
    const a = await createBrandFixture(t, "Brand A");
    const b = await createBrandFixture(t, "Brand B");
    const inv = await invite(b, a.email.toUpperCase(), "admin");
    await acceptInvitation(t.db, { slug: b.slug, token: tokenOf(inv.link), userId: a.ownerUserId });
    const brands = await listStaffBrands(t.db, a.ownerUserId);
    expect(brands.map((x) => [x.name, x.role])).toEqual([["Brand A", "owner"], ["Brand B", "admin"]]);
  });

  it("is refused for a signed-in user with another email, and changes nothing", async () => {
    const a = await createBrandFixture(t, "Brand A");
    const b = await createBrandFixture(t, "Brand B");
    const inv = await invite(b, `someone-else@${b.slug}.test`);
    expect(await outcomeOf(acceptInvitation(t.db, { slug: b.slug, token: tokenOf(inv.link), userId: a.ownerUserId }))).toBe("FORBIDDEN");
    expect((await listStaffBrands(t.db, a.ownerUserId)).map((x) => x.name)).toEqual(["Brand A"]);
    // Still open for the person it was meant for.
    expect(await describeInvitation(t.db, b.slug, tokenOf(inv.link))).not.toBeNull();
  });

  it("cannot take over an existing account: a new-account join for its email is refused, whatever the password", async () => {
    const victim = await createBrandFixture(t, "Victim Brand");
    const attacker = await createBrandFixture(t, "Attacker Brand");
    const inv = await invite(attacker, victim.email);
    const token = tokenOf(inv.link);
    expect(await describeInvitation(t.db, attacker.slug, token)).not.toHaveProperty("hasAccount");
    for (const password of [TEST_PASSWORD, "another-guess-1"]) {
      expect(await outcomeOf(joinWithNewAccount(t.db, { slug: attacker.slug, token, name: "X", password }))).toBe("CONFLICT");
    }
    expect((await listStaffBrands(t.db, victim.ownerUserId)).map((x) => x.name)).toEqual(["Victim Brand"]);
    // The victim's password is unchanged.
    expect((await authenticateStaff(t.db, { email: victim.email, password: TEST_PASSWORD, ip: "1.1.1.2" })).id).toBe(victim.ownerUserId);
  });

  it("refuses weak passwords for new accounts and inviting existing staff", async () => {
    const b = await createBrandFixture(t);
    const inv = await invite(b, "weak@staff.test");
    expect(await outcomeOf(joinWithNewAccount(t.db, { slug: b.slug, token: tokenOf(inv.link), name: "W", password: "123" }))).toBe("BAD_REQUEST");
    expect(await outcomeOf(invite(b, b.email))).toBe("CONFLICT");
  });
});

describe("roles", () => {
  it("keeps at least one owner and lets only owners change owners", async () => {
    const b = await createBrandFixture(t);
    const owner = { type: "staff" as const, id: b.ownerUserId, role: "owner" as const };
    const admin = { type: "staff" as const, id: "00000000-0000-7000-8000-000000000009", role: "admin" as const };
    await withTenant(t.db, b.tenantId, async (tx) => {
      const { members } = await listStaff(tx);
      const me = members[0]!.membershipId;
      expect(await outcomeOf(changeStaffRole(tx, owner, { membershipId: me, role: "admin" }))).toBe("PRECONDITION_FAILED");
      expect(await outcomeOf(removeStaff(tx, owner, { membershipId: me }))).toBe("PRECONDITION_FAILED");
      expect(await outcomeOf(changeStaffRole(tx, admin, { membershipId: me, role: "operator" }))).toBe("FORBIDDEN");
    });
  });

  it("changes and removes staff with audit entries", async () => {
    const b = await createBrandFixture(t);
    const inv = await invite(b, "ops@staff.test");
    await joinWithNewAccount(t.db, { slug: b.slug, token: tokenOf(inv.link), name: "Ops", password: "fresh-pass-123" });
    const owner = { type: "staff" as const, id: b.ownerUserId, role: "owner" as const };
    await withTenant(t.db, b.tenantId, async (tx) => {
      const ops = (await listStaff(tx)).members.find((m) => m.email === "ops@staff.test")!;
      await changeStaffRole(tx, owner, { membershipId: ops.membershipId, role: "risk" });
      expect((await listStaff(tx)).members.find((m) => m.email === "ops@staff.test")!.role).toBe("risk");
      await removeStaff(tx, owner, { membershipId: ops.membershipId });
      expect((await listStaff(tx)).members.map((m) => m.email)).toEqual([b.email]);
      const actions = rowsOf<{ action: string }>(await tx.execute(sql`select action from audit_logs order by id`));
      expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["staff.invited", "staff.joined", "staff.role_changed", "staff.removed"]));
    });
  });
});
