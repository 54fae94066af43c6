/**
 * Where an outcome SMS is sent from: with Inngest configured, the request only hands the job an
 * event after commit (the gateway's latency and retries are the job's); if the event cannot be
 * sent, the request sends the SMS itself, so no outcome goes unannounced.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { notifications } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { inngest } from "@/server/jobs/client";
import { applyAsDistributor, reviewApplications } from "@/server/network/distributors";
import { ADMIN, buyer, nextPhone } from "@/server/network/test-helpers";
import { rememberMemberContact } from "@/server/portal/member";
import { listOutbox } from "@/server/sms/outbox";
import { createBrandFixture } from "@/server/testing/fixtures";

vi.mock("@/server/jobs/client", async (original) => ({
  ...(await original<typeof import("@/server/jobs/client")>()),
  // As if INNGEST_EVENT_KEY were set: the events go to (a mocked) Inngest.
  inngestConfigured: () => true,
}));

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(() => {
  vi.restoreAllMocks();
});

async function approve() {
  const b = await createBrandFixture(t, "Dispatch");
  const phone = nextPhone();
  const d = await withTenant(t.db, b.tenantId, async (tx) => {
    const m = await buyer(tx, phone);
    await rememberMemberContact(tx, m, { phone, locale: "zh-CN" });
    return applyAsDistributor(tx, m, { name: "申请人", region: "杭州" });
  });
  await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "approve" }));
  const [n] = await withTenant(t.db, b.tenantId, (tx) => tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.memberId, d.memberId)));
  return { tenantId: b.tenantId, phone, notificationId: n!.id };
}
const smsTo = async (phone: string) => (await listOutbox(t.db, 500)).filter((m) => m.phone === phone);

describe("outcome SMS dispatch", () => {
  it("hands the SMS to the job after commit and sends nothing in the request", async () => {
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt"] });
    const { tenantId, phone, notificationId } = await approve();
    expect(send).toHaveBeenCalledWith([{ name: "notification/sms", data: { tenantId, notificationId } }]);
    expect(await smsTo(phone)).toHaveLength(0);
  });

  it("sends the SMS in the request when the event cannot be sent", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(inngest, "send").mockRejectedValue(new Error("inngest down"));
    const { phone } = await approve();
    const sms = await smsTo(phone);
    expect(sms.map((m) => m.body)).toEqual(["【Dispatch】您申请成为Dispatch分销员已通过审核，登录分销中心即可开始推广。"]);
  });
});
