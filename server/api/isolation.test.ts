/**
 * Every tRPC procedure, called as brand A's owner with brand B's ids, must answer NOT_FOUND or
 * FORBIDDEN and change nothing. The list below must name every procedure in the router: a new
 * procedure without a cross-brand case fails the first test.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { applyAsDistributor } from "@/server/network/distributors";
import { buyer, chain } from "@/server/network/test-helpers";
import { addRule, FLAT_RULE, ingest, orderInput, sendEvent } from "@/server/orders/testing";
import { runImport, saveMapping, startImport } from "@/server/orders/import-service";
import { findOrderId } from "@/server/orders/views";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { requestWithdrawal } from "@/server/payouts/withdrawals/request";
import { fund, setIdentity } from "@/server/payouts/withdrawals/testing";
import { createBankBatch } from "@/server/payouts/providers/bank-batch";
import { approvedWithdrawal as approvedBankWithdrawal, payee as payoutPayee, payoutBrand } from "@/server/payouts/providers/testing";
import { createKpiTask } from "@/server/incentives/kpi/tasks";
import { appRouter } from "./root";

let t: Database;
let callerA: Awaited<ReturnType<typeof staffCaller>>["caller"];
const B = {
  tenantId: "",
  membershipId: "",
  invitationId: "",
  apiKeyId: "",
  slug: "",
  distributorId: "",
  applicantId: "",
  levelId: "",
  buyerId: "",
  ruleId: "",
  distributorCode: "",
  orderId: "",
  flatRuleId: "",
  importId: "",
  mappingId: "",
  withdrawalId: "",
  bankWithdrawalId: "",
  bankBatchId: "",
  kpiTaskId: "",
  riskCaseId: "",
  blacklistEntryId: "",
};
let aDistributorId = "";
let aBuyerId = "";
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
  const [bDist] = await chain(t.db, b.tenantId, ["B-top"]);
  const [aDist] = await chain(t.db, a.tenantId, ["A-top"]);
  aDistributorId = aDist!.id;
  const level = await callerB.distributors.createLevel({ name: "S", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null });
  const rule = await callerB.commissionRules.create({ name: "B rule", match: { levels: ["S"] }, tiers: [{ tier: 1, rateBp: 1000 }] });
  const applicant = await withTenant(t.db, b.tenantId, async (tx) => applyAsDistributor(tx, await buyer(tx), { name: "Applicant", region: "R" }));
  const bBuyer = await withTenant(t.db, b.tenantId, (tx) => buyer(tx));
  aBuyerId = await withTenant(t.db, a.tenantId, (tx) => buyer(tx));
  // Brand B has an order whose commission is due for settlement.
  const flat = await addRule(t, b.tenantId, FLAT_RULE);
  const bOrder = orderInput({ paidAt: new Date(Date.now() - 31 * 86_400_000).toISOString(), referralCode: bDist!.code });
  await ingest(t, b.tenantId, [bOrder]);
  await sendEvent(t, b.tenantId, bOrder, { type: "completed", at: new Date(Date.now() - 30 * 86_400_000).toISOString() });
  const bOrderId = await withTenant(t.db, b.tenantId, (tx) => findOrderId(tx, bOrder.channel, bOrder.externalId));
  // Brand B has a stopped order import (a refund for an order it lacks: one row error) and a saved mapping.
  const refunds = new Uint8Array(readFileSync(path.join(import.meta.dirname, "../orders/import/fixtures/pdd-refunds.gbk.csv")));
  const bImport = await startImport(t.db, { tenantId: b.tenantId, userId: b.ownerUserId, fileName: "b.csv", bytes: refunds });
  if (!bImport.ok) throw new Error(bImport.issue.message);
  await runImport(t.db, b.tenantId, bImport.importId);
  const bMapping = await withTenant(t.db, b.tenantId, (tx) =>
    saveMapping(tx, b.tenantId, { name: "B map", headers: ["单号", "状态", "付款时间", "金额", "编码"], mapping: { channel: "other", columns: { orderId: "单号", status: "状态", paidAt: "付款时间", lineAmount: "金额", merchantSku: "编码" } } }),
  );
  // Brand B has a withdrawal under review.
  const bWithdrawal = await withTenant(t.db, b.tenantId, async (tx) => {
    await fund(tx, b.tenantId, bDist!.id, 10_000);
    await setIdentity(tx, b.tenantId, bDist!.id);
    return requestWithdrawal(tx, b.tenantId, bDist!.id, { channel: "bank", amountFen: 5_000 });
  });
  // Another brand (C, so B's counts below stay as they are) has a bank batch exported and an
  // approved bank withdrawal waiting for the next one.
  const bBatch = await (async () => {
    const c = await payoutBrand(t);
    const cPayee = await payoutPayee(t, c, 100_000);
    await approvedBankWithdrawal(t, c, cPayee.id, "bank", 5_000);
    const batch = await withTenant(t.db, c, (tx) => createBankBatch(tx, c, { staffId: b.ownerUserId }));
    const waiting = await approvedBankWithdrawal(t, c, cPayee.id, "bank", 5_000);
    return { batchId: batch.batch.id, waitingId: waiting.id };
  })();
  const bTask = await withTenant(t.db, b.tenantId, (tx) =>
    createKpiTask(tx, { type: "staff", id: b.ownerUserId }, { name: "B task", month: "2026-03", metric: "gmv", target: 1, rewardFen: 1 }),
  );
  const bEntry = await callerB.risk.addBlacklist({ kind: "device", value: "B-DEVICE", reason: "B's own" });
  // Brand B has a risk case (an order under review).
  const bCase = await withTenant(t.db, b.tenantId, async (tx) =>
    rowsOf<{ id: string }>(
      await tx.execute(sql`insert into risk_cases (tenant_id, id, kind, order_id, dedupe_key) values (${b.tenantId}, gen_random_uuid(), 'order_review', ${bOrderId}, 'x-brand') returning id::text`),
    )[0]!,
  );
  Object.assign(B, {
    kpiTaskId: bTask.id,
    riskCaseId: bCase.id,
    blacklistEntryId: bEntry.id,
    bankBatchId: bBatch.batchId,
    bankWithdrawalId: bBatch.waitingId,
    withdrawalId: bWithdrawal.id,
    distributorId: bDist!.id,
    distributorCode: bDist!.code,
    ruleId: rule.id,
    applicantId: applicant.id,
    levelId: level.id,
    buyerId: bBuyer,
    orderId: bOrderId!,
    flatRuleId: flat.id,
    importId: bImport.importId,
    mappingId: bMapping.id,
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
  // The signed-in user's own address; the brand's own legal documents (by kind, no id).
  "auth.emailStatus",
  "auth.resendVerification",
  "legal.list",
  "legal.publish",
  "settings.get",
  "settings.landingVerification",
  "settings.verifyLandingDomain",
  "settings.updateProfile",
  "settings.updateProgram",
  "settings.onboarding",
  "settings.dismissOnboarding",
  "settings.audit",
  // The brand's own SMS texts, by notification kind (no id).
  "settings.smsTemplates",
  "settings.updateSmsTemplate",
  "staff.list",
  "staff.invite",
  "apiKeys.list",
  "apiKeys.create",
  "distributors.list",
  "distributors.pendingCount",
  // Filters by distributor code or name: another brand's matches nothing.
  "bindings.list",
  "dashboard.counts",
  // The active brand's aggregates only (no ids in the input): server/dashboard/router.test.ts.
  "dashboard.hasOrders",
  "dashboard.overview",
  "dashboard.top",
  "distributors.levels",
  "distributors.createLevel",
  "distributors.import",
  "distributors.updateEnrolment",
  // Looks a buyer up by identity value: another brand's buyer is simply not found (null).
  "bindings.lookup",
  // Foreign level ids / upline codes in the form are field errors; covered below.
  "distributors.create",
  "products.list",
  "products.create",
  "posterTemplates.list",
  "posterTemplates.create",
  "materials.list",
  "commissionRules.list",
  // Level names in a rule are field errors when not the brand's; covered below.
  "commissionRules.create",
  // Order settlement lists and the panel read the active brand only; foreign ids in their
  // filters (a rule id, a distributor code) match nothing: covered below.
  "orders.list",
  "commissions.list",
  "commissions.ruleOptions",
  "settlement.status",
  "settlement.run",
  // The import history and saved mappings read the active brand only (covered below); a saved
  // mapping is written into the active brand.
  "imports.list",
  "imports.mappings",
  "imports.saveMapping",
  // The withdrawal queue filters the active brand only (brand B's distributor code matches
  // nothing: covered below); payout settings are the active brand's one row.
  "withdrawals.list",
  "withdrawals.settings",
  "withdrawals.updateSettings",
  "withdrawals.flexibleRoutes",
  // The active brand's own payout gateways, keyed by channel (no id): brand B never sees, tests
  // or removes brand A's (server/payouts/gateways/gateways.test.ts).
  "withdrawals.gateways",
  "withdrawals.saveGateway",
  "withdrawals.removeGateway",
  "withdrawals.checkGateway",
  // The active brand's batches and what waits for export.
  "bankBatches.list",
  // The active brand's review queue and risk figures (server/risk/decisions.test.ts checks brand
  // B's flagged orders never appear in them).
  "riskCenter.queue",
  "riskCenter.figures",
  "riskCenter.cases",
  "riskCenter.blacklistImport",
  // Public flows keyed by slug + secret token: covered in server/tenancy/staff.test.ts and
  // server/api/routers/auth.test.ts.
  "auth.signup",
  "auth.invitation",
  "auth.acceptInvitation",
  "auth.joinInvitation",
  // The month's tax report of the active brand (a month, no id): brand B's payouts never
  // appear in brand A's report (server/payouts/tax/report.test.ts).
  "tax.report",
  // The active brand's compliance report (a period, no id): brand B's figures never appear in
  // brand A's (server/compliance/report.test.ts).
  "compliance.preview",
  // Team bonus and staff performance read and close the active brand only (a month, no id):
  // server/api/routers/team-bonus.test.ts, server/incentives/employees/employees.test.ts.
  "teamBonus.settings",
  "teamBonus.updateSettings",
  "teamBonus.closeMonth",
  "teamBonus.closes",
  "teamBonus.statements",
  "teamBonus.importEmployees",
  "teamBonus.employeePerformance",
  // The active brand's KPI tasks; a foreign level id in the form is a field error
  // (server/incentives/kpi/settle.test.ts covers scope, server/api/routers/incentives-kpi.test.ts the rest).
  "kpiTasks.list",
  "kpiTasks.create",
  // Risk control settings: the active brand's rules (by rule code), sharing switches and
  // blacklist (list, add, import); brand B's entries never show (server/risk/blacklist.test.ts).
  "risk.rules",
  "risk.updateRule",
  "risk.resetRule",
  "risk.sharing",
  "risk.updateSharing",
  "risk.blacklist",
  "risk.addBlacklist",
  "risk.importBlacklist",
]);

type Case = () => Promise<unknown>;
const CROSS_BRAND: Record<string, Case> = {
  "kpiTasks.update": () => callerA.kpiTasks.update({ id: B.kpiTaskId, name: "x", month: "2026-03", metric: "gmv", target: 1, rewardFen: 1 }),
  "kpiTasks.cancel": () => callerA.kpiTasks.cancel({ id: B.kpiTaskId }),
  "leaderboards.read": () => callerA.leaderboards.read({ period: "month", metric: "gmv", scope: { kind: "team", distributorId: B.distributorId }, limit: 20 }),
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
  "distributors.detail": () => callerA.distributors.detail({ id: B.distributorId }),
  "distributors.activity": () => callerA.distributors.activity({ id: B.distributorId }),
  "distributors.bulkSetLevel": () => callerA.distributors.bulkSetLevel({ ids: [aDistributorId], levelId: B.levelId }),
  "distributors.history": () => callerA.distributors.history({ id: B.distributorId }),
  "distributors.customers": () => callerA.distributors.customers({ distributorId: B.distributorId }),
  "distributors.review": () => callerA.distributors.review({ ids: [B.applicantId], decision: "approve" }),
  "distributors.changeStatus": () => callerA.distributors.changeStatus({ id: B.distributorId, status: "frozen", reason: "x-brand" }),
  "distributors.updateProfile": () => callerA.distributors.updateProfile({ id: B.distributorId, role: "employee", levelId: null }),
  "distributors.reparent": () => callerA.distributors.reparent({ distributorId: aDistributorId, newUplineId: B.distributorId, reason: "x-brand" }),
  "distributors.updateLevel": () => callerA.distributors.updateLevel({ id: B.levelId, name: "Z", rank: 9, minGmvFen: null, minOrders: null, minDirectCustomers: null }),
  "distributors.deleteLevel": () => callerA.distributors.deleteLevel({ id: B.levelId }),
  "team.children": () => callerA.team.children({ parentId: B.distributorId }),
  "team.counts": () => callerA.team.counts({ id: B.distributorId }),
  "team.members": () => callerA.team.members({ distributorId: B.distributorId }),
  "team.chain": () => callerA.team.chain({ id: B.distributorId }),
  "team.ancestors": () => callerA.team.ancestors({ id: B.distributorId }),
  "commissionRules.get": () => callerA.commissionRules.get({ id: B.ruleId }),
  "commissionRules.revise": () =>
    callerA.commissionRules.revise({ id: B.ruleId, name: "x-brand", tiers: [{ tier: 1, rateBp: 1 }] }),
  "commissionRules.setEnabled": () => callerA.commissionRules.setEnabled({ id: B.ruleId, enabled: false }),
  "commissionRules.simulate": () =>
    callerA.commissionRules.simulate({
      channel: "tmall",
      paidAt: new Date(),
      items: [{ sku: "X", quantity: 1, amountFen: 100 }],
      earners: { by: "distributor", code: B.distributorCode },
    }),
  "orders.detail": () => callerA.orders.detail({ id: B.orderId, locale: "en" }),
  "imports.get": () => callerA.imports.get({ id: B.importId }),
  "imports.issues": () => callerA.imports.issues({ importId: B.importId, locale: "en" }),
  "imports.resume": () => callerA.imports.resume({ id: B.importId }),
  "imports.deleteMapping": () => callerA.imports.deleteMapping({ id: B.mappingId }),
  "bindings.override": () => callerA.bindings.override({ memberId: B.buyerId, distributorId: aDistributorId, reason: "x-brand" }),
  "withdrawals.detail": () => callerA.withdrawals.detail({ id: B.withdrawalId }),
  "withdrawals.approve": () => callerA.withdrawals.approve({ id: B.withdrawalId }),
  "withdrawals.reject": () => callerA.withdrawals.reject({ id: B.withdrawalId, reason: "x-brand" }),
  "withdrawals.addFlexibleRoute": () => callerA.withdrawals.addFlexibleRoute({ code: B.distributorCode, reason: "x-brand" }),
  "withdrawals.removeFlexibleRoute": () => callerA.withdrawals.removeFlexibleRoute({ distributorId: B.distributorId }),
  // Bank batches: brand B's approved withdrawal cannot be exported by A; B's batch cannot be read,
  // downloaded (card numbers) or have results imported by A.
  "risk.removeBlacklist": () => callerA.risk.removeBlacklist({ id: B.blacklistEntryId }),
  "bankBatches.create": () => callerA.bankBatches.create({ ids: [B.bankWithdrawalId] }),
  "bankBatches.file": () => callerA.bankBatches.file({ id: B.bankBatchId, format: "csv" }),
  "bankBatches.report": () => callerA.bankBatches.report({ id: B.bankBatchId }),
  "bankBatches.importResults": () =>
    callerA.bankBatches.importResults({ id: B.bankBatchId, fileName: "r.csv", base64: Buffer.from("商户单号,状态\r\nX,成功\r\n").toString("base64") }),
  // Bulk approval reports brand B's id as not found (per row) and changes nothing: covered below.
  "withdrawals.bulkApprove": async () => {
    const r = await callerA.withdrawals.bulkApprove({ ids: [B.withdrawalId] });
    if (r.results[0]?.outcome === "not_found") throw new TRPCError({ code: "NOT_FOUND" });
    return r;
  },
  "externalPayouts.record": () =>
    callerA.externalPayouts.record({ distributorId: B.distributorId, amountFen: 1, reference: "x-brand", paidAt: new Date(Date.now() - 60_000), taxWithheld: "by_brand" }),
  "externalPayouts.list": () => callerA.externalPayouts.list({ distributorId: B.distributorId }),
  "riskCenter.order": () => callerA.riskCenter.order({ id: B.orderId, locale: "en" }),
  "riskCenter.case": () => callerA.riskCenter.case({ id: B.riskCaseId }),
  "riskCenter.decideCase": () => callerA.riskCenter.decideCase({ caseId: B.riskCaseId, decision: "reject", reason: "x-brand" }),
  "riskCenter.freezeForFraud": () => callerA.riskCenter.freezeForFraud({ distributorId: B.distributorId, reason: "x-brand", blacklist: true }),
  "riskCenter.profile": () => callerA.riskCenter.profile({ distributorId: B.distributorId }),
  "riskCenter.decide": () => callerA.riskCenter.decide({ orderId: B.orderId, decision: "reject", reason: "x-brand" }),
  // Bulk decisions report brand B's order as not found (per row) and change nothing.
  "riskCenter.bulkDecide": async () => {
    const r = await callerA.riskCenter.bulkDecide({ orderIds: [B.orderId], decision: "reject", reason: "x-brand" });
    if (r.results[0]?.outcome === "not_found") throw new TRPCError({ code: "NOT_FOUND" });
    return r;
  },
};

describe("cross-brand references in forms and lookups", () => {
  it("reparenting brand B's distributor and binding to it are refused too", async () => {
    for (const call of [
      () => callerA.distributors.reparent({ distributorId: B.distributorId, newUplineId: null, reason: "x-brand" }),
      () => callerA.bindings.override({ memberId: aBuyerId, distributorId: B.distributorId, reason: "x-brand" }),
    ]) {
      const err = (await call().catch((e: unknown) => e)) as TRPCError;
      expect(err.code).toBe("NOT_FOUND");
    }
  });

  it("creating a distributor with brand B's level id is a field error and creates nothing", async () => {
    const err = (await callerA.distributors
      .create({ name: "X", phone: "13912345678", levelId: B.levelId })
      .catch((e: unknown) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    const list = await callerA.distributors.list({ q: "X" });
    expect(list.items.filter((i) => i.name === "X")).toEqual([]);
  });

  it("a rule or a simulation naming brand B's level is a field error; brand B's rules are not listed", async () => {
    const rule = (await callerA.commissionRules
      .create({ name: "X", match: { levels: ["S"] }, tiers: [{ tier: 1, rateBp: 1 }] })
      .catch((e: unknown) => e)) as TRPCError;
    expect(rule.code).toBe("UNPROCESSABLE_CONTENT");
    const sim = (await callerA.commissionRules
      .simulate({ channel: "tmall", paidAt: new Date(), items: [{ sku: "X", quantity: 1, amountFen: 100 }], earners: { by: "levels", levels: ["S"] } })
      .catch((e: unknown) => e)) as TRPCError;
    expect(sim.code).toBe("UNPROCESSABLE_CONTENT");
    expect(await callerA.commissionRules.list({})).toMatchObject({ items: [], total: 0 });
  });
});

describe("brand B's orders, commissions and settlement", () => {
  it("never appear in brand A's lists, even filtered by brand B's rule id or distributor code", async () => {
    expect(await callerA.orders.list({})).toEqual({ total: 0, items: [] });
    expect(await callerA.orders.list({ distributor: B.distributorCode })).toEqual({ total: 0, items: [] });
    expect(await callerA.commissions.list({})).toEqual({ total: 0, items: [] });
    expect(await callerA.commissions.list({ ruleId: B.flatRuleId, distributor: B.distributorCode })).toEqual({ total: 0, items: [] });
    expect(await callerA.commissions.ruleOptions()).toEqual([]);
    const status = await callerA.settlement.status();
    expect(status.commissions.pending.count).toBe(0);
    expect(status.due.count).toBe(0);
    expect(status.ledger.accounts.commission_expense).toBe(0);
  });

  it("brand B's imports and saved mappings never appear in brand A's", async () => {
    expect(await callerA.imports.list({})).toEqual({ total: 0, items: [] });
    expect(await callerA.imports.mappings()).toEqual([]);
    const b = await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select count(*)::int as n from import_mappings`));
    expect(rowsOf<{ n: number }>(b)).toEqual([{ n: 1 }]);
  });

  it("brand B's risk cases and blacklist never appear in brand A's Risk Control Center, and A's actions leave them as they were", async () => {
    expect(await callerA.riskCenter.cases({ status: "all" })).toEqual({ total: 0, items: [] });
    expect((await callerA.risk.blacklist({ includeInactive: true })).items).toEqual([]);
    // The same device added by A is A's own entry, not a conflict with B's.
    await callerA.risk.addBlacklist({ kind: "device", value: "B-DEVICE", reason: "A's own" });
    const rows = rowsOf<{ status: string; live: number; dstatus: string }>(
      await withTenant(t.db, B.tenantId, (tx) =>
        tx.execute(sql`select (select status::text from risk_cases) as status,
          (select count(*)::int from risk_blacklist_entries where removed_at is null) as live,
          (select status::text from distributors where id = ${B.distributorId}) as dstatus`),
      ),
    );
    expect(rows).toEqual([{ status: "open", live: 1, dstatus: "active" }]);
  });

  it("brand B's withdrawals never appear in brand A's queue, and brand A's actions leave them under review", async () => {
    expect(await callerA.withdrawals.list({})).toMatchObject({ total: 0, items: [] });
    expect(await callerA.withdrawals.list({ distributor: B.distributorCode })).toMatchObject({ total: 0, items: [] });
    const rows = rowsOf<{ status: string; balance: string | number }>(
      await withTenant(t.db, B.tenantId, (tx) =>
        tx.execute(sql`select w.status::text, (select balance_fen from ledger_accounts a where a.distributor_id = w.distributor_id and a.type = 'withdrawing') balance from withdrawals w`),
      ),
    );
    expect(rows.map((r) => [r.status, Number(r.balance)])).toEqual([["reviewing", 5_000]]);
  });

  it("brand A's settlement run settles nothing of brand B's", async () => {
    expect((await callerA.settlement.run()).commissions).toBe(0);
    const rows = rowsOf<{ status: string }>(
      await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select status::text from commissions`)),
    );
    expect(rows).toEqual([{ status: "pending" }]);
  });
});

function procedurePaths(): string[] {
  return Object.keys(appRouter._def.procedures);
}

describe("cross-brand ids", () => {
  it("covers every procedure (staff procedures here, portal ones in its own suite)", () => {
    // Portal procedures (portal.*, promote.*: server/api/routers/promote.test.ts; portalEarnings.*:
    // server/api/routers/portal-earnings.test.ts; portalTrust.*: server/notify/notify.test.ts and
    // server/legal/consent.test.ts; portalIdentity.*: server/payouts/kyc/identity.test.ts;
    // portalTax.*: server/payouts/tax/report.test.ts; portalWithdrawals.*:
    // server/api/routers/withdrawals.test.ts) have their own suites.
    const missing = procedurePaths().filter(
      (p) =>
        !p.startsWith("portal.") &&
        !p.startsWith("portalNetwork.") &&
        !p.startsWith("portalEarnings.") &&
        !p.startsWith("portalTrust.") &&
        !p.startsWith("portalWithdrawals.") &&
        // portalPayouts.*: server/payouts/providers/routers.test.ts.
        !p.startsWith("portalPayouts.") &&
        !p.startsWith("portalIdentity.") &&
        !p.startsWith("portalTax.") &&
        // portalTeamBonus.*: server/api/routers/team-bonus.test.ts.
        !p.startsWith("portalTeamBonus.") &&
        // portalIncentives.*: server/api/routers/incentives-kpi.test.ts.
        !p.startsWith("portalIncentives.") &&
        // webhooks.*: server/api/routers/webhooks.test.ts.
        !p.startsWith("webhooks.") &&
        !p.startsWith("promote.") && !NO_FOREIGN_ID.has(p) && !(p in CROSS_BRAND),
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
    const d = rowsOf<{ status: string; role: string; upline_id: string | null }>(
      await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select status::text, role::text, upline_id from distributors order by name`)),
    );
    expect(d).toEqual([
      { status: "applied", role: "distributor", upline_id: null },
      { status: "active", role: "distributor", upline_id: null },
    ]);
    expect(state.keys).toEqual([{ revoked: false }]);
    const rules = rowsOf<{ enabled: boolean; current_version: number }>(
      await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select enabled, current_version from commission_rules`)),
    );
    expect(rules).toEqual([
      { enabled: true, current_version: 1 },
      { enabled: true, current_version: 1 },
    ]);
    expect(state.invites).toEqual([{ revoked: false }]);
    const w = rowsOf<{ status: string; first: string | null }>(
      await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select status::text, first_approved_by as first from withdrawals`)),
    );
    expect(w).toEqual([{ status: "reviewing", first: null }]);
    const tasks = rowsOf<{ status: string; name: string }>(
      await withTenant(t.db, B.tenantId, (tx) => tx.execute(sql`select status::text, name from kpi_tasks`)),
    );
    expect(tasks).toEqual([{ status: "active", name: "B task" }]);
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
