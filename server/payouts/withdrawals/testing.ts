/** Test builders for withdrawals: a distributor with an available balance and (optionally) identity. */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { distributorIdentities, payoutSettings } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { brandAccount, credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";
import { chain } from "@/server/network/test-helpers";
import { DEFAULT_PAYOUT_SETTINGS, type PayoutSettings } from "./settings";

let seq = 0;

/** Credits `available` as a settlement would (commission_expense → available). */
export async function fund(tx: Tx, tenantId: string, distributorId: string, amountFen: number) {
  const k = `test-fund:${distributorId}:${++seq}:${Date.now()}`;
  await postJournals(tx, tenantId, [
    {
      kind: "settlement",
      idempotencyKey: k,
      causeType: "test",
      causeId: k,
      postings: [debit(brandAccount("commission_expense"), amountFen), credit(distributorAccount(distributorId, "available"), amountFen)],
    },
  ]);
}

export interface IdentityOpts {
  verified?: boolean;
  bank?: boolean;
  wechat?: boolean;
  alipay?: boolean;
  incomeType?: "labour" | "individual_business";
}

export async function setIdentity(tx: Tx, tenantId: string, distributorId: string, o: IdentityOpts = {}) {
  const verified = o.verified ?? true;
  await tx.delete(distributorIdentities).where(eq(distributorIdentities.distributorId, distributorId));
  await tx.insert(distributorIdentities).values({
    tenantId,
    distributorId,
    realName: verified ? "张三" : null,
    idNumberEnc: verified ? "k1:dGVzdA==" : null,
    idNumberHash: verified ? `hash-${distributorId}` : null,
    idNumberMasked: verified ? "110105********002X" : null,
    bankCardEnc: o.bank === false ? null : "k1:Y2FyZA==",
    bankCardHash: o.bank === false ? null : `card-${distributorId}`,
    bankCardMasked: o.bank === false ? null : "**** 1111",
    bankName: o.bank === false ? null : "招商银行",
    bankCardLuhnOk: true,
    wechatOpenid: o.wechat === false ? null : `openid-${distributorId.slice(-8)}`,
    alipayAccount: o.alipay === false ? null : "13800138000",
    incomeType: o.incomeType ?? "labour",
    status: verified ? "verified" : "unverified",
    verifiedAt: verified ? new Date() : null,
  });
}

/** A new active distributor with `availableFen` available and a verified identity (by default). */
export async function fundedDistributor(db: Db, tenantId: string, availableFen: number, identity: IdentityOpts | null = {}) {
  const [d] = await chain(db, tenantId, [`W${++seq}`]);
  await withTenant(db, tenantId, async (tx) => {
    if (availableFen > 0) await fund(tx, tenantId, d!.id, availableFen);
    if (identity) await setIdentity(tx, tenantId, d!.id, identity);
  });
  return d!;
}

/** Saves settings for the brand (DOMAIN defaults with the given changes). */
export async function setSettings(tx: Tx, tenantId: string, patch: Partial<PayoutSettings>) {
  const s = { ...structuredClone(DEFAULT_PAYOUT_SETTINGS), ...patch };
  const values = { ...s, updatedAt: new Date() };
  await tx.insert(payoutSettings).values({ tenantId, ...values }).onConflictDoUpdate({ target: payoutSettings.tenantId, set: values });
}

/** Every channel on, WeChat up to ¥5,000 (so the ¥2,000 real-name threshold can be reached). */
export const ALL_CHANNELS: Partial<PayoutSettings> = {
  channelLimits: {
    bank: { enabled: true, minFen: 100, maxFen: 5_000_000, realNameFromFen: null },
    wechat: { enabled: true, minFen: 10, maxFen: 500_000, realNameFromFen: 200_000 },
    alipay: { enabled: true, minFen: 100, maxFen: 5_000_000, realNameFromFen: null },
  },
};
