/**
 * A brand's own payout gateway credentials (issue 9 item 4): its WeChat Pay merchant, Alipay app
 * and flexible-employment platform account. Each brand pays its distributors from its own
 * merchant account; the deployment's environment only fills in for a brand that set none (a
 * single-brand deployment).
 *
 * `public_config` holds what is not secret and is shown back (merchant and app ids, gateway
 * URLs). `secrets_enc` is one JSON object of keys and secrets sealed with the PII keyring
 * (server/payouts/crypto/pii.ts), so `pii:reencrypt` rotates it with the identities; it is never
 * sent to the browser. `secret_hints` says which secrets are set and how to recognise them
 * (a key's fingerprint, a secret's last characters) without revealing them.
 */
import { sql } from "drizzle-orm";
import { boolean, check, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, tenantId } from "./columns";
import { tenants } from "./platform";

export const PAYOUT_GATEWAY_CHANNELS = ["wechat", "alipay", "flexible"] as const;
export type PayoutGatewayChannel = (typeof PAYOUT_GATEWAY_CHANNELS)[number];

export const payoutGateways = pgTable(
  "payout_gateways",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    id: id(),
    // text, not an enum: an enum equality is not leakproof, so it could not be an index
    // condition under row-level security (migration 0047).
    channel: text().$type<PayoutGatewayChannel>().notNull(),
    publicConfig: jsonb().$type<Record<string, string>>().notNull(),
    secretsEnc: text().notNull(),
    secretHints: jsonb().$type<Record<string, string>>().notNull(),
    /** The last "test connection": when, whether the gateway accepted our signature, what it said. */
    checkedAt: at(),
    checkOk: boolean(),
    checkMessage: text(),
    updatedBy: uuid(),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "payout_gateways_pkey", columns: [t.tenantId, t.id] }),
    uniqueIndex("payout_gateways_channel_key").on(t.tenantId, t.channel),
    check("payout_gateways_channel_check", sql`${t.channel} in ('wechat', 'alipay', 'flexible')`),
  ],
);
