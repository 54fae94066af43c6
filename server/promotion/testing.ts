/**
 * Test helpers for promotion: distributors inserted directly (a members row, then a
 * distributors row at the root of the tree), and portal sessions for them.
 */
import { uuidv7 } from "uuidv7";
import type { Database } from "@/db/client";
import { distributors, members } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { createPortalSession } from "@/server/portal/portal-session";
import { randomCode } from "@/server/shared/crypto";

export type TestDistributorStatus = "applied" | "active" | "frozen" | "disabled" | "rejected";

export async function createTestMember(
  database: Database,
  tenantId: string,
  displayName = "Buyer",
) {
  const id = uuidv7();
  await withTenant(database.db, tenantId, (tx) =>
    tx.insert(members).values({ tenantId, id, displayName }),
  );
  return id;
}

export async function createTestDistributor(
  database: Database,
  tenantId: string,
  opts: { name?: string; status?: TestDistributorStatus; code?: string } = {},
) {
  const memberId = await createTestMember(database, tenantId, opts.name ?? "Distributor");
  const id = uuidv7();
  const code = opts.code ?? randomCode(8);
  await withTenant(database.db, tenantId, (tx) =>
    tx.insert(distributors).values({
      tenantId,
      id,
      memberId,
      code,
      name: opts.name ?? "张小花",
      status: opts.status ?? "active",
      path: `/${id}/`,
      depth: 0,
    }),
  );
  return { id, memberId, code, tenantId };
}

/** The portal cookie value for a member, and a tRPC caller signed in with it. */
export async function portalSignIn(database: Database, tenantId: string, memberId: string) {
  const { cookieValue } = await createPortalSession(database.db, tenantId, memberId);
  const caller = createCaller(
    await createTrpcContext({ database, portalCookie: cookieValue, ip: "198.51.100.7" }),
  );
  return { cookieValue, cookie: `fx_portal=${encodeURIComponent(cookieValue)}`, caller };
}
