/**
 * Distributor identity (KYC) for withdrawals (DOMAIN.md §5, issue 9 item 1).
 *
 * One row per distributor, the details they last submitted. ID and card numbers are sensitive
 * personal information: stored only as AES-256-GCM ciphertext (`<keyId>:<base64>`, so keys can
 * rotate and old values re-encrypt), found by a keyed hash (HMAC with the brand's tenant id, so
 * the same card in two brands does not link), and shown only from the stored mask. No column
 * here holds them in clear.
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantForeignKey, tenantId } from "./columns";
import { distributors } from "./distributors";
import { tenants } from "./platform";

/** How the distributor's income is taxed (DOMAIN.md §6): labour remuneration is withheld by the brand. */
export const incomeType = pgEnum("income_type", ["labour", "individual_business"]);
export const kycStatus = pgEnum("kyc_status", ["unverified", "verified", "rejected"]);

export const distributorIdentities = pgTable(
  "distributor_identities",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    distributorId: uuid().notNull(),
    realName: text(),
    /** `<keyId>:<base64(iv|tag|ciphertext)>`. */
    idNumberEnc: text(),
    idNumberHash: text(),
    /** e.g. 110105********002X */
    idNumberMasked: text(),
    birthDate: date({ mode: "string" }),
    bankCardEnc: text(),
    bankCardHash: text(),
    /** e.g. **** 1111 */
    bankCardMasked: text(),
    bankName: text(),
    /** False when the card number failed Luhn (a warning, not a refusal). */
    bankCardLuhnOk: boolean(),
    phone: text(),
    wechatOpenid: text(),
    alipayAccount: text(),
    /** Storage keys (server/storage, private) of the optional ID photos. */
    idPhotoFrontKey: text(),
    idPhotoBackKey: text(),
    incomeType: incomeType().notNull().default("labour"),
    status: kycStatus().notNull().default("unverified"),
    statusReason: text(),
    verifiedAt: at(),
    /** The sensitive-information consent the details were given under. */
    sensitiveConsentVersion: integer(),
    sensitiveConsentAt: at(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "distributor_identities_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("distributor_identities_distributor_key").on(t.tenantId, t.distributorId),
    index("distributor_identities_id_hash_idx").on(t.tenantId, t.idNumberHash),
    index("distributor_identities_card_hash_idx").on(t.tenantId, t.bankCardHash),
    tenantForeignKey("distributor_identities_distributor_fk", t, t.distributorId, distributors).onDelete("cascade"),
    check("distributor_identities_id_pair", sql`(${t.idNumberEnc} is null) = (${t.idNumberHash} is null)`),
    check("distributor_identities_card_pair", sql`(${t.bankCardEnc} is null) = (${t.bankCardHash} is null)`),
  ],
);
