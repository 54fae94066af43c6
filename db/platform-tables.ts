/**
 * Tables that deliberately have no tenant_id. The isolation test fails if any other table
 * lacks tenant_id, so adding to this list is a reviewed decision.
 */
export const PLATFORM_TABLES = [
  "tenants", // the brands themselves; slug lookup happens before a tenant is known
  "users", // staff logins; one person may work for several brands
  "auth_sessions", // server-side staff sessions (sign-out revokes them)
  "rate_limits", // throttling counters keyed by account / IP
  "sms_outbox", // dev/test SMS delivery log; never used in production
  "staff_tokens", // password-reset / email-verification tokens of staff logins
  "staff_email_verifications", // which staff logins verified their address
  "email_outbox", // dev/test mail delivery log; never used in production
  "short_codes", // short-link routing: code → tenant, resolved before the tenant is known
  "risk_shared_entries", // the shared cross-brand risk list: platform-keyed hashes, reached only through fx_risk_shared_*
  "__drizzle_migrations", // migration bookkeeping (drizzle schema)
] as const;
