/**
 * Every tRPC procedure, called as brand A's owner with brand B's ids, must answer NOT_FOUND or
 * FORBIDDEN and change nothing. The list below must name every procedure in the router: a new
 * procedure without a cross-brand case fails the first test.
 */
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { appRouter } from "./root";

let t: Database;
let callerA: Awaited<ReturnType<typeof staffCaller>>["caller"];
const B: { tenantId: string; membershipId: string; invitationId: string; apiKeyId: string; slug: string } =
  { tenantId: "", membershipId: "", invitationId: "", apiKeyId: "", slug: "" };
const promoB = { productId: "", templateId: "", materialId: "" };
let A: { tenantId: string; slug: string };

beforeAll(async () => {
  t = await createTestDatabase();
  const a = await createBrandFixture(t, "Brand A");
  const b = await createBrandFixture(t, "Brand B");
  A = a;
  callerA = (await staffCaller(t, a.ownerUserId, a.tenantId)).caller;
  const callerB = (await staffCaller(t, b.ownerUserId, b.tenantId)).caller;
  const inv = await callerB.staff.invite({ email: "x@b.test", role: "operator" });
  const key = await callerB.apiKeys.create({ name: "B key" });
  const staff = await callerB.staff.list();
  const product = await callerB.products.create({ sku: "B-1", name: "B product", priceFen: 100 });
  const template = await callerB.posterTemplates.create({ name: "B", textColor: "#ffffff", accentColor: "#000000" });
  const material = await callerB.materials.create({ kind: "copy", title: "B", body: "B" });
  Object.assign(promoB, { productId: product.id, templateId: template.id, materialId: material.id });
  Object.assign(B, {
    tenantId: b.tenantId,
    slug: b.slug,
    membershipId: staff.members[0]!.membershipId,
    invitationId: inv.id,
    apiKeyId: key.id,
  });
});
afterAll(async () => {
  await t.close();
});

/** Procedures that take no foreign id: they act only on the caller's active brand. */
const NO_FOREIGN_ID = new Set([
  "me.get",
  "settings.get",
  "settings.updateProfile",
  "settings.updateProgram",
  "settings.onboarding",
  "settings.dismissOnboarding",
  "settings.audit",
  "staff.list",
  "staff.invite",
  "apiKeys.list",
  "apiKeys.create",
  "products.list",
  "products.create",
  "posterTemplates.list",
  "posterTemplates.create",
  "materials.list",
  // Public flows keyed by slug + secret token: covered in server/tenancy/staff.test.ts.
  "auth.signup",
  "auth.invitation",
  "auth.acceptInvitation",
]);

type Case = () => Promise<unknown>;
const CROSS_BRAND: Record<string, Case> = {
  "me.switchBrand": () => callerA.me.switchBrand({ tenantId: B.tenantId }),
  "staff.revokeInvitation": () => callerA.staff.revokeInvitation({ id: B.invitationId }),
  "staff.changeRole": () => callerA.staff.changeRole({ membershipId: B.membershipId, role: "risk" }),
  "staff.remove": () => callerA.staff.remove({ membershipId: B.membershipId }),
  "apiKeys.revoke": () => callerA.apiKeys.revoke({ id: B.apiKeyId }),
  "products.update": () => callerA.products.update({ id: promoB.productId, sku: "B-1", name: "x", priceFen: 1 }),
  "products.archive": () => callerA.products.archive({ id: promoB.productId }),
  "products.restore": () => callerA.products.restore({ id: promoB.productId }),
  "posterTemplates.update": () =>
    callerA.posterTemplates.update({ id: promoB.templateId, name: "x", textColor: "#ffffff", accentColor: "#000000" }),
  "posterTemplates.setDefault": () => callerA.posterTemplates.setDefault({ id: promoB.templateId }),
  "posterTemplates.archive": () => callerA.posterTemplates.archive({ id: promoB.templateId }),
  "materials.create": () => callerA.materials.create({ kind: "copy", title: "x", body: "x", productId: promoB.productId }),
  "materials.archive": () => callerA.materials.archive({ id: promoB.materialId }),
};

function procedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures);
}

describe("cross-brand ids", () => {
  it("covers every procedure (staff procedures here, portal ones in its own suite)", () => {
    // Portal procedures (portal.*, promote.*: server/api/routers/promote.test.ts) have their own suites.
    const missing = procedurePaths().filter(
      (p) => !p.startsWith("portal.") && !p.startsWith("promote.") && !NO_FOREIGN_ID.has(p) && !(p in CROSS_BRAND),
    );
    expect(missing).toEqual([]);
  });

  for (const [path, call] of Object.entries(CROSS_BRAND)) {
    it(`${path} with brand B's id is NOT_FOUND or FORBIDDEN`, async () => {
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TRPCError);
      expect(["NOT_FOUND", "FORBIDDEN"]).toContain((err as TRPCError).code);
    });
  }

  it("left brand B untouched", async () => {
    const state = await withTenant(t.db, B.tenantId, async (tx) => ({
      roles: rowsOf<{ role: string }>(await tx.execute(sql`select role::text from memberships`)),
      keys: rowsOf<{ revoked: boolean }>(
        await tx.execute(sql`select revoked_at is not null as revoked from api_keys`),
      ),
      invites: rowsOf<{ revoked: boolean }>(
        await tx.execute(sql`select revoked_at is not null as revoked from invitations`),
      ),
    }));
    expect(state.roles).toEqual([{ role: "owner" }]);
    expect(state.keys).toEqual([{ revoked: false }]);
    expect(state.invites).toEqual([{ revoked: false }]);
  });

  it("never lists brand B's data to brand A", async () => {
    const staff = await callerA.staff.list();
    expect(staff.members.map((m) => m.email)).toEqual([`owner@${A.slug}.test`]);
    expect(staff.pending).toEqual([]);
    expect(await callerA.apiKeys.list()).toEqual([]);
    const settings = await callerA.settings.get();
    expect(settings.tenantId).toBe(A.tenantId);
  });
});
