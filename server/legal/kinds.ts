/** The legal documents a brand publishes, and where members accept them. */
export const LEGAL_KINDS = ["user_agreement", "privacy_notice", "distributor_agreement", "sensitive_info"] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];

/** Accepted at portal sign-in. */
export const SIGN_IN_DOCUMENTS = ["user_agreement", "privacy_notice"] as const satisfies readonly LegalKind[];
/** Accepted when applying to become a distributor. */
export const APPLY_DOCUMENTS = ["distributor_agreement"] as const satisfies readonly LegalKind[];
/** Accepted, separately, when giving identity details for withdrawals (PIPL art. 29). */
export const IDENTITY_DOCUMENTS = ["sensitive_info"] as const satisfies readonly LegalKind[];

export function isLegalKind(v: string): v is LegalKind {
  return (LEGAL_KINDS as readonly string[]).includes(v);
}
