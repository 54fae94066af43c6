/**
 * What the other withdrawal slices read of a distributor's identity (the contract in
 * notes/issue9-contract.md): `payeeOf` for requests, limits, tax and payout providers, and
 * `identityForStaff` for finance review. The card number stays ciphertext here; a provider
 * decrypts it (decryptPii) only to build the transfer.
 */
import type { Tx } from "@/db/client";
import { signedMediaUrl } from "@/server/storage/signed";
import { identityOf, maskedIdentity, type IncomeType, type MaskedIdentity } from "./identity";

export interface Payee {
  verified: boolean;
  realName: string | null;
  incomeType: IncomeType;
  bank: { accountEnc: string; accountMasked: string; bankName: string | null; luhnOk: boolean } | null;
  wechatOpenid: string | null;
  alipayAccount: string | null;
}

/** Without an identity row: unverified, labour income (the DOMAIN.md §6 default), no accounts. */
export const NO_PAYEE: Payee = { verified: false, realName: null, incomeType: "labour", bank: null, wechatOpenid: null, alipayAccount: null };

export async function payeeOf(tx: Tx, distributorId: string): Promise<Payee> {
  const row = await identityOf(tx, distributorId);
  if (!row) return { ...NO_PAYEE };
  return {
    verified: row.status === "verified",
    realName: row.realName,
    incomeType: row.incomeType,
    bank:
      row.bankCardEnc && row.bankCardMasked
        ? { accountEnc: row.bankCardEnc, accountMasked: row.bankCardMasked, bankName: row.bankName, luhnOk: row.bankCardLuhnOk ?? true }
        : null,
    wechatOpenid: row.wechatOpenid,
    alipayAccount: row.alipayAccount,
  };
}

export interface StaffIdentityView extends MaskedIdentity {
  /** 138****8000: staff need to know which phone, not to dial it from the review queue. */
  phone: string | null;
  /** Short-lived signed links (server/storage/signed.ts), null when no photo was uploaded. */
  frontPhotoUrl: string | null;
  backPhotoUrl: string | null;
}

export function maskPhone(phone: string | null): string | null {
  return phone && phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

/** The distributor's identity for finance staff: masks and expiring photo links only. */
export async function identityForStaff(tx: Tx, distributorId: string, now: Date = new Date()): Promise<StaffIdentityView | null> {
  const row = await identityOf(tx, distributorId);
  if (!row) return null;
  return {
    ...maskedIdentity(row),
    phone: maskPhone(row.phone),
    frontPhotoUrl: row.idPhotoFrontKey ? signedMediaUrl(row.idPhotoFrontKey, now) : null,
    backPhotoUrl: row.idPhotoBackKey ? signedMediaUrl(row.idPhotoBackKey, now) : null,
  };
}
