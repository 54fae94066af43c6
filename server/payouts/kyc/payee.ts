/**
 * PROVISIONAL (withdrawals branch): the contract's payeeOf / identityForStaff, written only so the
 * withdrawal core compiles and is tested before the kyc branch lands. The kyc branch owns this
 * file; at merge take the kyc branch's version whole.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorIdentities } from "@/db/schema";

export interface Payee {
  verified: boolean;
  realName: string | null;
  incomeType: "labour" | "individual_business";
  bank: { accountEnc: string; accountMasked: string; bankName: string | null; luhnOk: boolean } | null;
  wechatOpenid: string | null;
  alipayAccount: string | null;
}

export interface StaffIdentityView {
  status: "unverified" | "verified" | "rejected";
  realName: string | null;
  idNumberMasked: string | null;
  bankCardMasked: string | null;
  bankName: string | null;
  bankCardLuhnOk: boolean | null;
  phone: string | null;
  wechatOpenid: string | null;
  alipayAccount: string | null;
  incomeType: "labour" | "individual_business";
  verifiedAt: Date | null;
}

export async function payeeOf(tx: Tx, distributorId: string): Promise<Payee> {
  const [r] = await tx.select().from(distributorIdentities).where(eq(distributorIdentities.distributorId, distributorId));
  if (!r) return { verified: false, realName: null, incomeType: "labour", bank: null, wechatOpenid: null, alipayAccount: null };
  return {
    verified: r.status === "verified",
    realName: r.realName,
    incomeType: r.incomeType,
    bank: r.bankCardEnc ? { accountEnc: r.bankCardEnc, accountMasked: r.bankCardMasked ?? "", bankName: r.bankName, luhnOk: r.bankCardLuhnOk ?? true } : null,
    wechatOpenid: r.wechatOpenid,
    alipayAccount: r.alipayAccount,
  };
}

export async function identityForStaff(tx: Tx, distributorId: string): Promise<StaffIdentityView | null> {
  const [r] = await tx.select().from(distributorIdentities).where(eq(distributorIdentities.distributorId, distributorId));
  if (!r) return null;
  return {
    status: r.status,
    realName: r.realName,
    idNumberMasked: r.idNumberMasked,
    bankCardMasked: r.bankCardMasked,
    bankName: r.bankName,
    bankCardLuhnOk: r.bankCardLuhnOk,
    phone: r.phone,
    wechatOpenid: r.wechatOpenid,
    alipayAccount: r.alipayAccount,
    incomeType: r.incomeType,
    verifiedAt: r.verifiedAt,
  };
}
