/**
 * The invitation attack from the security review, replayed through tRPC: a self-signed-up
 * brand invites a victim's email and tries to guess the victim's password through the
 * invitation. It must learn nothing and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { ACCOUNT_CREATION_LIMIT } from "@/server/auth/account-creation";
import { getStaffSession, listStaffBrands } from "@/server/auth/staff-auth";
import { anonymousCaller, createBrandFixture, staffCaller, TEST_PASSWORD } from "@/server/testing/fixtures";
import { outcomeOf, trpcErrorOf } from "@/server/testing/outcomes";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function attackerInvites(victimEmail: string) {
  const attacker = await createBrandFixture(t, "Attacker");
  const { caller } = await staffCaller(t, attacker.ownerUserId, attacker.tenantId);
  const inv = await caller.staff.invite({ email: victimEmail, role: "admin" });
  return { attacker, token: inv.link.split("/").at(-1)! };
}

describe("invitations are no password oracle", () => {
  it("the invitation view does not say whether the email has an account", async () => {
    const victim = await createBrandFixture(t, "Victim");
    const { attacker, token } = await attackerInvites(victim.email);
    const { attacker: other, token: freshToken } = await attackerInvites("nobody-yet@fresh.test");
    const anon = await anonymousCaller(t, "198.51.100.20");
    const seen = await anon.auth.invitation({ slug: attacker.slug, token });
    const unseen = await anon.auth.invitation({ slug: other.slug, token: freshToken });
    expect(Object.keys(seen!).sort()).toEqual(["brandName", "email", "role"]);
    expect(Object.keys(unseen!).sort()).toEqual(Object.keys(seen!).sort());
  });

  it("accepting for an existing account takes that account's session; passwords are never checked", async () => {
    const victim = await createBrandFixture(t, "Victim");
    const { attacker, token } = await attackerInvites(victim.email);
    const anon = await anonymousCaller(t, "198.51.100.21");
    const accept = anon.auth.acceptInvitation as unknown as (input: object) => Promise<unknown>;
    for (const password of ["guess-one-1", "guess-two-2", TEST_PASSWORD]) {
      const e = await trpcErrorOf(accept({ slug: attacker.slug, token, password }));
      expect(e.code).toBe("UNAUTHORIZED");
      expect(e.message).toBe("Please sign in.");
    }
    // Someone else's session cannot take it either.
    const bystander = await createBrandFixture(t, "Bystander");
    const { caller: wrongUser } = await staffCaller(t, bystander.ownerUserId, bystander.tenantId);
    expect(await outcomeOf(wrongUser.auth.acceptInvitation({ slug: attacker.slug, token }))).toBe("FORBIDDEN");
    expect((await listStaffBrands(t.db, victim.ownerUserId)).map((b) => b.name)).toEqual(["Victim"]);

    // The victim, signed in, accepts with one click and lands in the new brand.
    const { caller: victimCaller, sessionId } = await staffCaller(t, victim.ownerUserId, victim.tenantId);
    expect(await victimCaller.auth.acceptInvitation({ slug: attacker.slug, token })).toEqual({
      tenantId: attacker.tenantId,
    });
    expect((await getStaffSession(t.db, sessionId))?.activeTenantId).toBe(attacker.tenantId);
  });

  it("'this email has an account' answers are limited per client address, shared with signup", async () => {
    const victim = await createBrandFixture(t, "Victim");
    const { attacker, token } = await attackerInvites(victim.email);
    const ip = "198.51.100.22";
    const anon = await anonymousCaller(t, ip);
    const join = () => anon.auth.joinInvitation({ slug: attacker.slug, token, name: "X", password: "a-guess-pass-1" });
    for (let i = 0; i < ACCOUNT_CREATION_LIMIT.limit; i++) expect(await outcomeOf(join())).toBe("CONFLICT");
    expect(await outcomeOf(join())).toBe("TOO_MANY_REQUESTS");
    const signup = (caller: typeof anon, slug: string) =>
      caller.auth.signup({
        brandName: "Probe",
        slug,
        ownerName: "Probe",
        email: victim.email,
        password: "a-guess-pass-1",
        acceptTerms: true,
      });
    expect(await outcomeOf(signup(anon, `probe-${Date.now().toString(36)}`))).toBe("TOO_MANY_REQUESTS");
    // Another address still gets its own answers.
    const elsewhere = await anonymousCaller(t, "198.51.100.23");
    expect(await outcomeOf(signup(elsewhere, `probe2-${Date.now().toString(36)}`))).toBe("CONFLICT");
    expect((await listStaffBrands(t.db, victim.ownerUserId)).map((b) => b.name)).toEqual(["Victim"]);
  });
});
