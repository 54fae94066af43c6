/**
 * The common reasons a reviewer picks when rejecting an application, in the reviewer's language
 * (network.review.presets.<key>). Picking one fills the reason box, which stays editable: the
 * applicant reads the final text in the portal, so it must meet the review's own length rule.
 */
export const REJECT_PRESETS = ["incomplete", "region", "duplicate", "notCustomer", "paused"] as const;
export type RejectPreset = (typeof REJECT_PRESETS)[number];

/** The reason box's limits (reviewSchema caps the text at 200; the dialog asks for at least 2). */
export const REJECT_REASON_MIN = 2;
export const REJECT_REASON_MAX = 200;
