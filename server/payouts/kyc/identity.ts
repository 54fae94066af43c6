/**
 * A distributor's identity for withdrawals (DOMAIN.md §5, issue 9 item 1): submitting and
 * updating it, and the masked views of it.
 *
 * What "verified" means here. The brand has no access to the public-security real-name database,
 * and this deployment has no paid real-name-check service configured, so `verified` is a formal
 * verification: every detail is present and well-formed (a GB 11643 ID number whose check
 * character and birth date are right, a card number of card shape with its bank, a mainland
 * mobile), and the distributor gave the separate consent for sensitive information. That the
 * name belongs to the ID number and to the account is proved by the money itself: a bank
 * transfer is returned when the account holder's name differs, WeChat's 商家转账 checks the
 * recipient's real name (required from ¥2,000) and Alipay's transfer checks the name given
 * against the account. A failed payout of that kind comes back as `failed` and returns the funds
 * (the withdrawals slice); staff can then mark the identity `rejected` with a reason
 * (`rejectIdentity`), which sends the distributor back to this form. A real-name-check provider
 * can later decide `verified` at the same place without changing any caller.
 *
 * The ID and card numbers never leave this module in clear except to `payeeOf`'s callers as
 * ciphertext (payout providers decrypt at the last moment). Nothing here logs.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { distributorIdentities, distributors, payoutSettings } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { recordConsents } from "@/server/legal/documents";
import { IDENTITY_DOCUMENTS } from "@/server/legal/kinds";
import { encryptPii, maskCard, maskIdNumber, piiHash } from "@/server/payouts/crypto/pii";
import { checkBankCard, checkIdNumber, normalizeAlipayAccount, normalizeMobile, normalizeRealName } from "./validate";

export const INCOME_TYPES = ["labour", "individual_business"] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

/**
 * The form as the server accepts it. Lengths are capped here; the content is checked below so
 * that every wrong field is reported at once. A blank ID or card number on an update keeps the
 * stored one (the form shows only its mask and cannot fill it back in).
 */
export const identityInputSchema = z.object({
  realName: z.string().max(100),
  idNumber: z.string().max(40).default(""),
  bankCard: z.string().max(40).default(""),
  bankName: z.string().max(100),
  phone: z.string().max(30),
  alipayAccount: z.string().max(100).default(""),
  incomeType: z.enum(INCOME_TYPES),
  /** The version of the sensitive-information consent the distributor ticked. */
  sensitiveConsentVersion: z.number().int().min(0).max(1_000_000),
});
export type IdentityInput = z.input<typeof identityInputSchema>;

/**
 * Field error keys (messages under `identity.errors` in both catalogues). The consent's own
 * field is `consent.sensitive_info` with `consent.required` / `consent.stale` (server/legal).
 */
export type IdentityFieldError =
  | "realNameInvalid"
  | "idNumberRequired"
  | "idNumberFormat"
  | "idNumberBirthDate"
  | "idNumberChecksum"
  | "idNumberInUse"
  | "bankCardRequired"
  | "bankCardFormat"
  | "bankNameInvalid"
  | "phoneInvalid"
  | "alipayInvalid";

export type IdentityRow = typeof distributorIdentities.$inferSelect;

export async function identityOf(tx: Tx, distributorId: string): Promise<IdentityRow | null> {
  const [row] = await tx.select().from(distributorIdentities).where(eq(distributorIdentities.distributorId, distributorId));
  return row ?? null;
}

/** Which optional payee details the brand's channels need (no settings row: DOMAIN defaults, all on). */
export async function identityChannels(tx: Tx): Promise<{ wechat: boolean; alipay: boolean }> {
  const [s] = await tx.select({ limits: payoutSettings.channelLimits }).from(payoutSettings);
  return { wechat: s?.limits.wechat?.enabled ?? true, alipay: s?.limits.alipay?.enabled ?? true };
}

export interface SubmitIdentity {
  distributorId: string;
  memberId: string;
  ip: string | null;
  /** YYYY-MM-DD, for the birth-date check (tests pin it). */
  today?: string;
  now?: Date;
}

/**
 * Saves the distributor's details and marks them verified (see the header for what that means).
 * Bad input throws BAD_REQUEST with every wrong field; a stale or missing consent throws from
 * server/legal; nothing is written unless everything passed.
 */
export async function submitIdentity(tx: Tx, who: SubmitIdentity, raw: IdentityInput): Promise<IdentityRow> {
  const parsed = identityInputSchema.safeParse(raw);
  if (!parsed.success) {
    // Only shapes fail here (a missing field, a 5 MB string); never echo what was sent.
    throw new AppError("BAD_REQUEST", "Please correct the highlighted fields.", {
      fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "body", "invalid"])),
    });
  }
  const input = parsed.data;
  const tenantId = await currentTenantId(tx);
  const existing = await identityOf(tx, who.distributorId);
  const channels = await identityChannels(tx);
  const errors: Partial<Record<keyof IdentityInput, IdentityFieldError>> = {};

  const realName = normalizeRealName(input.realName);
  if (!realName) errors.realName = "realNameInvalid";

  let id: { idNumber: string; birthDate: string } | null = null;
  if (input.idNumber.trim()) {
    const c = checkIdNumber(input.idNumber, who.today);
    if (c.ok) id = c;
    else errors.idNumber = ({ format: "idNumberFormat", birthDate: "idNumberBirthDate", checksum: "idNumberChecksum" } as const)[c.problem];
  } else if (!existing?.idNumberEnc) {
    errors.idNumber = "idNumberRequired";
  }

  let card: { card: string; luhnOk: boolean } | null = null;
  if (input.bankCard.trim()) {
    const c = checkBankCard(input.bankCard);
    if (c.ok) card = c;
    else errors.bankCard = "bankCardFormat";
  } else if (!existing?.bankCardEnc) {
    errors.bankCard = "bankCardRequired";
  }

  const bankName = input.bankName.trim().replace(/\s+/g, " ");
  if (bankName.length < 2 || bankName.length > 60 || /\d{6,}/.test(bankName)) errors.bankName = "bankNameInvalid";

  const phone = normalizeMobile(input.phone);
  if (!phone) errors.phone = "phoneInvalid";

  let alipayAccount: string | null = null;
  if (channels.alipay && input.alipayAccount.trim()) {
    alipayAccount = normalizeAlipayAccount(input.alipayAccount);
    if (!alipayAccount) errors.alipayAccount = "alipayInvalid";
  }

  const idHash = id ? piiHash(tenantId, id.idNumber) : null;
  if (idHash && !errors.idNumber) {
    // One person, one distributor per brand: a second account under the same ID would split one
    // person's income across months' thresholds and hide self-dealing. Two submissions of one ID
    // at once wait for each other here (transaction-scoped lock on the hash), so both cannot pass.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kyc-id:${tenantId}:${idHash}`}, 0))`);
    const [other] = await tx
      .select({ id: distributorIdentities.id })
      .from(distributorIdentities)
      .where(and(eq(distributorIdentities.idNumberHash, idHash), ne(distributorIdentities.distributorId, who.distributorId)))
      .limit(1);
    if (other) errors.idNumber = "idNumberInUse";
  }

  if (Object.keys(errors).length) {
    throw new AppError("BAD_REQUEST", "Please correct the highlighted fields.", { fields: errors });
  }

  // Checks the ticked version is the current one, then records it (append-only, PIPL).
  await recordConsents(tx, {
    memberId: who.memberId,
    accepted: { sensitive_info: input.sensitiveConsentVersion },
    required: IDENTITY_DOCUMENTS,
    context: "identity",
    ip: who.ip,
  });

  const now = who.now ?? new Date();
  const values = {
    realName: realName!,
    ...(id
      ? { idNumberEnc: encryptPii(id.idNumber), idNumberHash: idHash!, idNumberMasked: maskIdNumber(id.idNumber), birthDate: id.birthDate }
      : {}),
    ...(card
      ? { bankCardEnc: encryptPii(card.card), bankCardHash: piiHash(tenantId, card.card), bankCardMasked: maskCard(card.card), bankCardLuhnOk: card.luhnOk }
      : {}),
    bankName,
    phone: phone!,
    alipayAccount: channels.alipay ? alipayAccount : (existing?.alipayAccount ?? null),
    incomeType: input.incomeType,
    status: "verified" as const,
    statusReason: null,
    verifiedAt: now,
    sensitiveConsentVersion: input.sensitiveConsentVersion,
    sensitiveConsentAt: now,
    updatedAt: now,
  };
  const [row] = await tx
    .insert(distributorIdentities)
    .values({ tenantId, distributorId: who.distributorId, ...values })
    .onConflictDoUpdate({ target: [distributorIdentities.tenantId, distributorIdentities.distributorId], set: values })
    .returning();
  return row!;
}

/**
 * The WeChat openid of the distributor, from WeChat OAuth (the payee of 商家转账). Never typed by
 * the distributor: an openid is only meaningful to the app id that issued it.
 */
export async function linkWechatOpenid(tx: Tx, distributorId: string, openid: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(openid)) throw new AppError("BAD_REQUEST", "Not a WeChat openid.");
  const tenantId = await currentTenantId(tx);
  await tx
    .insert(distributorIdentities)
    .values({ tenantId, distributorId, wechatOpenid: openid })
    .onConflictDoUpdate({ target: [distributorIdentities.tenantId, distributorIdentities.distributorId], set: { wechatOpenid: openid, updatedAt: new Date() } });
}

/**
 * Staff found the details wrong (a payout came back for a name mismatch, a photo that does not
 * match): the distributor must submit again before the next withdrawal.
 */
export async function rejectIdentity(tx: Tx, distributorId: string, reason: string): Promise<void> {
  const text = reason.trim();
  if (text.length < 2 || text.length > 500) throw new AppError("BAD_REQUEST", "Give a reason.", { fields: { reason: "invalid" } });
  const rows = await tx
    .update(distributorIdentities)
    .set({ status: "rejected", statusReason: text, verifiedAt: null, updatedAt: new Date() })
    .where(eq(distributorIdentities.distributorId, distributorId))
    .returning({ id: distributorIdentities.id });
  if (!rows.length) throw new AppError("NOT_FOUND", "This distributor has no identity details.");
}

/** What the distributor and staff see: masks only, never ciphertext or hashes. */
export interface MaskedIdentity {
  status: "unverified" | "verified" | "rejected";
  statusReason: string | null;
  realName: string | null;
  idNumberMasked: string | null;
  bankCardMasked: string | null;
  bankName: string | null;
  bankCardLuhnOk: boolean | null;
  phone: string | null;
  alipayAccount: string | null;
  wechatLinked: boolean;
  incomeType: IncomeType;
  hasFrontPhoto: boolean;
  hasBackPhoto: boolean;
  verifiedAt: Date | null;
  sensitiveConsentVersion: number | null;
  updatedAt: Date;
}

export function maskedIdentity(row: IdentityRow): MaskedIdentity {
  return {
    status: row.status,
    statusReason: row.statusReason,
    realName: row.realName,
    idNumberMasked: row.idNumberMasked,
    bankCardMasked: row.bankCardMasked,
    bankName: row.bankName,
    bankCardLuhnOk: row.bankCardLuhnOk,
    phone: row.phone,
    alipayAccount: row.alipayAccount,
    wechatLinked: !!row.wechatOpenid,
    incomeType: row.incomeType,
    hasFrontPhoto: !!row.idPhotoFrontKey,
    hasBackPhoto: !!row.idPhotoBackKey,
    verifiedAt: row.verifiedAt,
    sensitiveConsentVersion: row.sensitiveConsentVersion,
    updatedAt: row.updatedAt,
  };
}

/**
 * The member's distributor record, refused unless it was ever approved (as for earnings): an
 * applicant has nothing to withdraw, so no reason to give an ID.
 */
export async function requireIdentityHolder(tx: Tx, memberId: string) {
  const [d] = await tx
    .select({ id: distributors.id, status: distributors.status })
    .from(distributors)
    .where(eq(distributors.memberId, memberId));
  if (!d || d.status === "applied" || d.status === "rejected") {
    throw new AppError("FORBIDDEN", "Only distributors give identity details.");
  }
  return d;
}
