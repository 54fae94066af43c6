import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { AppError } from "@/server/errors";
import { createBrandFixture } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { applyAsDistributor, changeStatus, listDistributors, reviewApplications } from "./distributors";
import { updateEnrolmentSettings } from "./enrolment";
import { getDistributorDetail } from "./detail";
import { ADMIN, buyer, chain } from "./test-helpers";
import { commissionChain } from "./tree";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
const enrol = (mode: "open" | "admin_only" | "spend_threshold", extra: Partial<Parameters<typeof updateEnrolmentSettings>[2]> = {}) => ({
  enrolmentMode: mode,
  enrolmentAutoApprove: false,
  enrolmentSpendThresholdFen: 0,
  applicationFields: [],
  ...extra,
});

describe("applications and review", () => {
  it("an invitee applies through the inviter's code, waits in the queue, is approved under the inviter", async () => {
    const b = await createBrandFixture(t);
    const [inviter] = await chain(t.db, b.tenantId, ["Inviter"]);
    const m = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
    const d = await withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "Newbie", region: "杭州", inviterCode: inviter!.code.toLowerCase() }));
    expect(d.status).toBe("applied");
    const queue = await withTenant(t.db, b.tenantId, (tx) => listDistributors(tx, { status: "applied", limit: 10, offset: 0 }));
    expect(queue.items.map((i) => i.name)).toEqual(["Newbie"]);
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "Again", region: "x" })))).toBe("CONFLICT");
    const res = await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id, inviter!.id], decision: "approve" }));
    expect(res).toEqual([{ id: d.id, ok: true }, { id: inviter!.id, ok: false, error: "not_pending" }]);
    const detail = await withTenant(t.db, b.tenantId, (tx) => getDistributorDetail(tx, inviter!.id));
    expect(detail.directCount).toBe(1);
    expect(detail.profile).not.toHaveProperty("path");
    const links = await withTenant(t.db, b.tenantId, (tx) => commissionChain(tx, d.id));
    expect(links.map((l) => [l.name, l.status])).toEqual([["Newbie", "active"], ["Inviter", "active"]]);
  });

  it("a rejection needs a reason, is shown to the applicant, and they may apply again", async () => {
    const b = await createBrandFixture(t);
    const m = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
    const d = await withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "Maybe", region: "上海" }));
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "reject" })))).toBe("BAD_REQUEST");
    await withTenant(t.db, b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [d.id], decision: "reject", reason: "资料不全" }));
    const again = await withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "Maybe", region: "上海", note: "补充资料" }));
    expect(again).toMatchObject({ id: d.id, status: "applied", rejectReason: null });
    const history = rowsOf<{ from_status: string | null; to_status: string }>(
      await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`select from_status, to_status from distributor_status_history where distributor_id = ${d.id} order by created_at, id`)),
    );
    expect(history).toEqual([
      { from_status: null, to_status: "applied" },
      { from_status: "applied", to_status: "rejected" },
      { from_status: "rejected", to_status: "applied" },
    ]);
  });

  it("follows the brand's enrolment mode and required custom fields", async () => {
    const b = await createBrandFixture(t);
    const m = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
    await withTenant(t.db, b.tenantId, (tx) => updateEnrolmentSettings(tx, ADMIN, enrol("admin_only")));
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "N", region: "R" })))).toBe("PRECONDITION_FAILED");
    await withTenant(t.db, b.tenantId, (tx) => updateEnrolmentSettings(tx, ADMIN, enrol("spend_threshold", { enrolmentSpendThresholdFen: 10000 })));
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "N", region: "R" })))).toBe("PRECONDITION_FAILED");
    await withTenant(t.db, b.tenantId, (tx) => tx.execute(sql`update members set total_spend_fen = 10000 where id = ${m}`));
    await withTenant(t.db, b.tenantId, (tx) =>
      updateEnrolmentSettings(tx, ADMIN, enrol("open", { enrolmentAutoApprove: true, applicationFields: [{ key: "shop", label: "店铺名", required: true }] })),
    );
    const e = await withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "N", region: "R" })).catch((x: unknown) => x);
    expect((e as AppError).fields).toEqual({ "fields.shop": "field.required" });
    const ok = await withTenant(t.db, b.tenantId, (tx) => applyAsDistributor(tx, m, { name: "N", region: "R", fields: { shop: "小店", extra: "ignored" } }));
    expect(ok.status).toBe("active");
    expect(ok.applicationData).toEqual({ shop: "小店" });
  });

  it("only allows sensible status changes, each with a reason", async () => {
    const b = await createBrandFixture(t);
    const [d] = await chain(t.db, b.tenantId, ["D"]);
    const change = (status: "active" | "frozen" | "disabled") => withTenant(t.db, b.tenantId, (tx) => changeStatus(tx, ADMIN, { id: d!.id, status, reason: "ops" }));
    expect(await outcomeOf(change("active"))).toBe("PRECONDITION_FAILED");
    expect(await outcomeOf(change("frozen"))).toBe("ok");
    expect(await outcomeOf(change("disabled"))).toBe("ok");
    expect(await outcomeOf(change("active"))).toBe("ok");
  });
});
