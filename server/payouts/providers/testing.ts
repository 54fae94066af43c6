/** Test builders for payouts: approved withdrawals on every channel, fake gateways wired as providers. */
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { distributorIdentities } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestTenant } from "@/db/testing/test-db";
import { ledgerSummary } from "@/server/ledger/balances";
import { encryptPii } from "@/server/payouts/crypto/pii";
import { requestWithdrawal } from "@/server/payouts/withdrawals/request";
import { approveWithdrawal } from "@/server/payouts/withdrawals/review";
import { ALL_CHANNELS, fundedDistributor, setSettings } from "@/server/payouts/withdrawals/testing";
import { createAlipayProvider } from "./alipay";
import { createFlexibleProvider } from "./flexible";
import { fakeAlipayConfig, startFakeAlipay } from "./fake/alipay";
import { fakeFlexibleConfig, startFakeFlexible } from "./fake/flexible";
import { fakeWechatConfig, startFakeWechat } from "./fake/wechat";
import type { ProviderSet } from "./registry";
import { createWechatProvider } from "./wechat";

export const STAFF = { type: "staff" as const, id: "00000000-0000-7000-8000-0000000000a1" };
export const CARD = "6222020200112233445";

/** A brand with every channel on. */
export async function payoutBrand(t: Database) {
  const tenantId = (await createTestTenant(t.db)).id;
  await withTenant(t.db, tenantId, (tx) => setSettings(tx, tenantId, ALL_CHANNELS));
  return tenantId;
}

/** A verified distributor with `availableFen`, whose bank card is really encrypted (decryptPii works). */
export async function payee(t: Database, tenantId: string, availableFen: number) {
  const d = await fundedDistributor(t.db, tenantId, availableFen);
  await withTenant(t.db, tenantId, (tx) => tx.update(distributorIdentities).set({ bankCardEnc: encryptPii(CARD) }).where(eq(distributorIdentities.distributorId, d.id)));
  return d;
}

/** Requested and approved (one approver: below the two-approver threshold). */
export async function approvedWithdrawal(t: Database, tenantId: string, distributorId: string, channel: "bank" | "wechat" | "alipay", amountFen: number) {
  return withTenant(t.db, tenantId, async (tx) => {
    const w = await requestWithdrawal(tx, tenantId, distributorId, { channel, amountFen });
    const r = await approveWithdrawal(tx, tenantId, w.id, STAFF);
    if (r.status !== "approved") throw new Error(`approve: ${r.outcome}`);
    return w;
  });
}

/** Journals that do not sum to zero, cached balances that differ from postings, negative accounts. */
export async function ledgerProblems(t: Database, tenantId: string) {
  return withTenant(t.db, tenantId, async (tx) => {
    const unbalanced = rowsOf(await tx.execute(sql`select journal_id from ledger_postings group by journal_id having sum(amount_fen) <> 0`));
    const negative = rowsOf(await tx.execute(sql`select id from ledger_accounts where balance_fen < 0`));
    const summary = await ledgerSummary(tx);
    return { unbalanced: unbalanced.length, negative: negative.length, imbalanceFen: summary.imbalanceFen };
  });
}

/** The three fake gateways and providers that talk to them. */
export async function fakeProviders() {
  const wx = await startFakeWechat();
  const ali = await startFakeAlipay();
  const flex = await startFakeFlexible();
  const providers: ProviderSet = {
    wechat: createWechatProvider(fakeWechatConfig(wx.keys, wx.url, { timeoutMs: 400 })),
    alipay: createAlipayProvider(fakeAlipayConfig(ali.keys, ali.url, { timeoutMs: 400 })),
    flexible: createFlexibleProvider(fakeFlexibleConfig(flex.keys, flex.url, { timeoutMs: 400 })),
  };
  return { wx, ali, flex, providers, close: () => Promise.all([wx.close(), ali.close(), flex.close()]) };
}
