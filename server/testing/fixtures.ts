/** Test fixtures: a brand with its owner, and tRPC callers acting as a staff user. */
import type { Database } from "@/db/client";
import { randomSlug } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { createStaffSession, switchBrand, getStaffSession } from "@/server/auth/staff-auth";
import { createBrand } from "@/server/tenancy/brands";

export const TEST_PASSWORD = "correct-horse-42";

export async function createBrandFixture(database: Database, name = "Test Brand") {
  const slug = randomSlug("b");
  const brand = await createBrand(database.db, {
    brandName: name,
    slug,
    ownerName: `${name} Owner`,
    email: `owner@${slug}.test`,
    password: TEST_PASSWORD,
    acceptTerms: true,
  });
  return { ...brand, email: `owner@${slug}.test` };
}

/** A tRPC caller for `userId`, with `tenantId` as the active brand (if given). */
export async function staffCaller(
  database: Database,
  userId: string,
  tenantId?: string,
  ip = "203.0.113.9",
) {
  const sid = await createStaffSession(database.db, userId);
  if (tenantId) {
    const s = await getStaffSession(database.db, sid);
    await switchBrand(database.db, s!, tenantId);
  }
  const ctx = await createTrpcContext({ database, staffSessionId: sid, ip });
  return { caller: createCaller(ctx), sessionId: sid };
}

export async function anonymousCaller(database: Database, ip = "203.0.113.10") {
  return createCaller(await createTrpcContext({ database, staffSessionId: null, ip }));
}

