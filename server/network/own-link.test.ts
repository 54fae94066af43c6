import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { createPortalSession } from "@/server/portal/portal-session";
import { createBrandFixture } from "@/server/testing/fixtures";
import { trpcErrorOf } from "@/server/testing/outcomes";
import { buyer, chain } from "./test-helpers";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const portal = async (tenantId: string, memberId: string) =>
  createCaller(await createTrpcContext({ database: t, portalCookie: (await createPortalSession(t.db, tenantId, memberId)).cookieValue, ip: "198.51.100.60" }));

describe("own link", () => {
  it("tells a distributor its own code is its own, and nobody else", async () => {
    const b = await createBrandFixture(t);
    const [a, c] = await chain(t.db, b.tenantId, ["Alice", "Carol"]);
    const alice = await portal(b.tenantId, a!.memberId);
    expect(await alice.portalNetwork.isOwnCode({ slug: b.slug, code: a!.code.toLowerCase() })).toEqual({ own: true });
    expect(await alice.portalNetwork.isOwnCode({ slug: b.slug, code: c!.code })).toEqual({ own: false });
    expect(await alice.portalNetwork.isOwnCode({ slug: b.slug, code: "NOPE42" })).toEqual({ own: false });
    const stranger = await portal(b.tenantId, await withTenant(t.db, b.tenantId, (tx) => buyer(tx)));
    expect(await stranger.portalNetwork.isOwnCode({ slug: b.slug, code: a!.code })).toEqual({ own: false });
    // Another brand's session cannot ask about this brand's codes.
    const other = await createBrandFixture(t);
    const [o] = await chain(t.db, other.tenantId, ["Oscar"]);
    const oscar = await portal(other.tenantId, o!.memberId);
    expect((await trpcErrorOf(oscar.portalNetwork.isOwnCode({ slug: b.slug, code: a!.code }))).code).toBe("UNAUTHORIZED");
  });
});
