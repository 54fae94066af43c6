/**
 * What the other withdrawal slices read of a distributor's identity (the contract in
 * notes/issue9-contract.md): `payeeOf` for requests, limits, tax and payout providers, and
 * `identityForStaff` for finance review. The card number stays ciphertext here; a provider
 * decrypts it (decryptPii) only to build the transfer.
 */
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorIdentities } from "@/db/schema";
import { decryptPii } from "@/server/payouts/crypto/pii";
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
  /** Masked like the phone (payouts read the account through payeeOf). */
  alipayAccount: string | null;
  /** Short-lived signed links (server/storage/signed.ts), null when no photo was uploaded. */
  frontPhotoUrl: string | null;
  backPhotoUrl: string | null;
}

export function maskPhone(phone: string | null): string | null {
  return phone && phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

/** An Alipay login for staff eyes: 138****8000 or zh***@example.com. */
export function maskAlipayAccount(account: string | null): string | null {
  if (!account) return account;
  const at = account.indexOf("@");
  return at > 0 ? `${account.slice(0, Math.min(2, at))}***${account.slice(at)}` : maskPhone(account);
}

/** The distributor's identity for finance staff: masks and expiring photo links only. */
export async function identityForStaff(tx: Tx, distributorId: string, now: Date = new Date()): Promise<StaffIdentityView | null> {
  const row = await identityOf(tx, distributorId);
  if (!row) return null;
  return {
    ...maskedIdentity(row),
    phone: maskPhone(row.phone),
    alipayAccount: maskAlipayAccount(row.alipayAccount),
    frontPhotoUrl: row.idPhotoFrontKey ? signedMediaUrl(row.idPhotoFrontKey, now) : null,
    backPhotoUrl: row.idPhotoBackKey ? signedMediaUrl(row.idPhotoBackKey, now) : null,
  };
}

export interface FilingIdentity {
  distributorId: string;
  realName: string | null;
  /** In clear: only for the tax filing file the brand submits (个人所得税扣缴申报). */
  idNumber: string | null;
}

/**
 * Names and ID numbers for the monthly withholding filing (the tax slice's report). The one
 * place ID numbers are decrypted in bulk; the caller writes them into the filing file and
 * nowhere else (no logs, no API answers).
 */
export async function filingIdentities(tx: Tx, distributorIds: readonly string[]): Promise<Map<string, FilingIdentity>> {
  const out = new Map<string, FilingIdentity>();
  for (let i = 0; i < distributorIds.length; i += 5_000) {
    const chunk = distributorIds.slice(i, i + 5_000);
    const rows = await tx
      .select({ distributorId: distributorIdentities.distributorId, realName: distributorIdentities.realName, enc: distributorIdentities.idNumberEnc })
      .from(distributorIdentities)
      .where(inArray(distributorIdentities.distributorId, chunk));
    for (const r of rows) out.set(r.distributorId, { distributorId: r.distributorId, realName: r.realName, idNumber: r.enc ? decryptPii(r.enc) : null });
  }
  return out;
}
