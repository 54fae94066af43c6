import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { joinWithNewAccount } from "@/server/tenancy/staff";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("tenant procedures", () => {
  it("run in the active brand with the member's role; a removed member is refused at once", async () => {
    const b = await createBrandFixture(t);
    const { caller: owner } = await staffCaller(t, b.ownerUserId, b.tenantId);
    // The brand's slug reaches the procedure (it builds the invitation link).
    const inv = await owner.staff.invite({ email: `op@${b.slug}.test`, role: "operator" });
    expect(inv.link).toContain(`/invite/${b.slug}/`);
    const { userId } = await joinWithNewAccount(t.db, {
      slug: b.slug,
      token: inv.link.split("/").at(-1)!,
      name: "Op",
      password: "correct-horse-42",
    });
    const { caller: operator } = await staffCaller(t, userId, b.tenantId);
    expect((await operator.settings.get()).tenantId).toBe(b.tenantId);
    expect(await outcomeOf(operator.staff.list())).toBe("FORBIDDEN");

    const membershipId = (await owner.staff.list()).members.find((m) => m.userId === userId)!
      .membershipId;
    await owner.staff.remove({ membershipId });
    expect(await outcomeOf(operator.settings.get())).toBe("FORBIDDEN");
  });
});
