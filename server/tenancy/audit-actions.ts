/**
 * Every action the audit log records. audit() accepts only these, and a test checks that each
 * has a label in both catalogues (settings.audit.actions.*), so the log never shows a raw key.
 * Add the action here, then its labels in en and zh-CN settings.json.
 */
export const AUDIT_ACTIONS = [
  "brand.created",
  "settings.profile.updated",
  "settings.program.updated",
  "settings.enrolment.updated",
  "settings.landing_domain.verified",
  "settings.sms_templates.updated",
  "staff.invited",
  "staff.invitation_revoked",
  "staff.joined",
  "staff.role_changed",
  "staff.removed",
  "apikey.created",
  "apikey.revoked",
  "rule.created",
  "rule.revised",
  "rule.disabled",
  "rule.enabled",
  "settlement.run",
  "commission.hold",
  "commission.release",
  "commission.reject",
  "level.created",
  "level.updated",
  "level.deleted",
  "distributor.applied",
  "distributor.created",
  "distributor.approved",
  "distributor.rejected",
  "distributor.status_changed",
  "distributor.updated",
  "distributor.reparented",
  "distributor.level_upgraded",
  "distributor.level_changed",
  "binding.overridden",
  "member.merged",
  "product.create",
  "product.update",
  "product.archive",
  "product.restore",
  "posterTemplate.create",
  "posterTemplate.update",
  "posterTemplate.setDefault",
  "posterTemplate.archive",
  "material.create",
  "material.archive",
  "legal.published",
  "settings.payouts.updated",
  "withdrawal.first_approved",
  "withdrawal.approved",
  "withdrawal.rejected",
  "payout.external_recorded",
  "payout.bank_batch_exported",
  "payout.bank_batch_downloaded",
  "payout.bank_results_imported",
  "risk.blacklist_added",
  "risk.blacklist_removed",
  "risk.blacklist_imported",
  "risk.rules_updated",
  "risk.sharing_updated",
  "risk.decided",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Keys of the `data` the actions record (settings.audit.fields.*), labelled in both
 * languages like the actions. Other keys show as they are.
 */
export const AUDIT_FIELDS = [
  "version", "previousVersion", "changes", "displayName", "logoUrl", "landingUrl", "contactEmail", "contactPhone",
  "commissionLevels", "afterSalesDays", "bindingMode", "bindingLockDays", "email", "role", "name", "prefix", "slug",
  "ownerEmail", "sku", "via", "kind", "code", "upline", "status", "reason", "region", "levelId", "from", "to", "host",
  "mergedId", "keptBinding", "commissions", "amountFen", "rank", "minGmvFen", "minOrders", "minDirectCustomers",
  "enrolmentMode", "enrolmentAutoApprove", "enrolmentSpendThresholdFen", "applicationFields", "category", "priceFen", "imageUrl", "bulk",
  "outBillNo", "channel",
  "reference", "taxWithheld",
] as const;
