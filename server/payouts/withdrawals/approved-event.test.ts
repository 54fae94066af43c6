/** "withdrawal/approved" reaches the job runner only after the approving transaction commits. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { requestWithdrawal } from "./request";
import { bulkApprove } from "./review";
import { fundedDistributor } from "./testing";

const sent = vi.hoisted(() => [] as unknown[]);
vi.mock("@/server/jobs/events", () => ({
  sendJobEvents: (events: unknown[]) => {
    sent.push(...events);
    return Promise.resolve();
  },
}));

let t: Database;
let tenantId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTestTenant(t.db)).id;
});
afterAll(async () => t.close());

const STAFF = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000a1" };

describe("withdrawal/approved", () => {
  it("is sent once per approved withdrawal after commit, never for a first approval or a rolled-back one", async () => {
    const d = await fundedDistributor(t.db, tenantId, 3_000_000);
    const req = (amountFen: number) => withTenant(t.db, tenantId, (tx) => requestWithdrawal(tx, tenantId, d.id, { channel: "bank", amountFen }));
    const small = await req(1_000);
    const big = await req(1_500_000);
    const rolledBack = await req(2_000);
    sent.length = 0;
    await withTenant(t.db, tenantId, async (tx) => {
      await bulkApprove(tx, tenantId, [small.id, big.id], STAFF);
      // Not yet: the transaction has not committed.
      expect(sent).toEqual([]);
    });
    expect(sent).toEqual([{ name: "withdrawal/approved", data: { tenantId, withdrawalId: small.id } }]);
    sent.length = 0;
    await expect(
      withTenant(t.db, tenantId, async (tx) => {
        await bulkApprove(tx, tenantId, [rolledBack.id], STAFF);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(sent).toEqual([]);
  });
});
