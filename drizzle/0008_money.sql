CREATE TYPE "public"."attribution_source" AS ENUM('referral_code', 'binding', 'none');--> statement-breakpoint
CREATE TYPE "public"."commission_kind" AS ENUM('percent', 'fixed');--> statement-breakpoint
CREATE TYPE "public"."commission_status" AS ENUM('pending', 'held', 'settled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."order_channel" AS ENUM('tmall', 'taobao', 'jd', 'pdd', 'douyin', 'wechat_channels', 'mini_program', 'offline', 'other');--> statement-breakpoint
CREATE TYPE "public"."order_event_type" AS ENUM('created', 'completed', 'refund', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."order_source" AS ENUM('api', 'import', 'console', 'demo');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('paid', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."risk_verdict" AS ENUM('allow', 'review', 'block');--> statement-breakpoint
CREATE TYPE "public"."journal_kind" AS ENUM('accrual', 'refund', 'cancellation', 'settlement', 'hold_release', 'hold_reject', 'withdrawal', 'withdrawal_returned', 'payout', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."ledger_account_type" AS ENUM('pending', 'held', 'available', 'withdrawing', 'arrears', 'commission_expense', 'payouts', 'tax_payable', 'fees');--> statement-breakpoint
CREATE TABLE "commission_rule_versions" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"stackable" boolean DEFAULT false NOT NULL,
	"match" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tiers" jsonb NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_rule_versions_pkey" PRIMARY KEY("tenant_id","rule_id","version"),
	CONSTRAINT "commission_rule_versions_version_positive" CHECK ("commission_rule_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "commission_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "commission_rules_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_rules_version_positive" CHECK ("commission_rules"."current_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "commissions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"tier" smallint NOT NULL,
	"distributor_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"rule_version" integer NOT NULL,
	"kind" "commission_kind" NOT NULL,
	"rate_bp" integer,
	"fixed_fen" bigint,
	"amount_fen" bigint NOT NULL,
	"settled_fen" bigint DEFAULT 0 NOT NULL,
	"status" "commission_status" NOT NULL,
	"trace" jsonb NOT NULL,
	"settle_after" timestamp with time zone,
	"settle_journal_id" uuid,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissions_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commissions_tier_range" CHECK ("commissions"."tier" between 1 and 3),
	CONSTRAINT "commissions_amount_nonneg" CHECK ("commissions"."amount_fen" >= 0),
	CONSTRAINT "commissions_settled_nonneg" CHECK ("commissions"."settled_fen" >= 0),
	CONSTRAINT "commissions_kind_consistent" CHECK (("commissions"."kind" = 'percent' and "commissions"."rate_bp" is not null) or ("commissions"."kind" = 'fixed' and "commissions"."fixed_fen" is not null))
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"type" "order_event_type" NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" "order_source" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_events_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" smallint NOT NULL,
	"sku" text NOT NULL,
	"category" text,
	"quantity" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"after_sales_open" boolean DEFAULT false NOT NULL,
	CONSTRAINT "order_lines_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "order_lines_quantity_positive" CHECK ("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_amount_nonneg" CHECK ("order_lines"."amount_fen" >= 0),
	CONSTRAINT "order_lines_refund_range" CHECK ("order_lines"."refunded_fen" between 0 and "order_lines"."amount_fen"),
	CONSTRAINT "order_lines_refund_qty_range" CHECK ("order_lines"."refunded_quantity" between 0 and "order_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"channel" "order_channel" NOT NULL,
	"external_id" text NOT NULL,
	"status" "order_status" NOT NULL,
	"buyer_member_id" uuid NOT NULL,
	"referral_code" text,
	"distributor_id" uuid,
	"attribution_source" "attribution_source" NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"settle_after" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"risk_verdict" "risk_verdict" DEFAULT 'allow' NOT NULL,
	"risk_rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"device_hash" text,
	"ip_hash" text,
	"shipping_hash" text,
	"shipping_region" text,
	"source" "order_source" NOT NULL,
	"import_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "orders_amount_nonneg" CHECK ("orders"."amount_fen" >= 0),
	CONSTRAINT "orders_attribution_consistent" CHECK (("orders"."attribution_source" = 'none') = ("orders"."distributor_id" is null))
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid,
	"type" "ledger_account_type" NOT NULL,
	"balance_fen" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "ledger_accounts_owner_key" UNIQUE NULLS NOT DISTINCT("tenant_id","distributor_id","type"),
	CONSTRAINT "ledger_accounts_balance_nonneg" CHECK ("ledger_accounts"."balance_fen" >= 0),
	CONSTRAINT "ledger_accounts_owner_type" CHECK (case when "ledger_accounts"."distributor_id" is null
        then "ledger_accounts"."type" in ('commission_expense', 'payouts', 'tax_payable', 'fees') and "ledger_accounts"."balance_fen" is null
        else "ledger_accounts"."type" in ('pending', 'held', 'available', 'withdrawing', 'arrears') and "ledger_accounts"."balance_fen" is not null end)
);
--> statement-breakpoint
CREATE TABLE "ledger_journals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" "journal_kind" NOT NULL,
	"idempotency_key" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" text NOT NULL,
	"order_id" uuid,
	"memo" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_journals_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ledger_postings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"journal_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"account_type" "ledger_account_type" NOT NULL,
	"distributor_id" uuid,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_postings_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "ledger_postings_nonzero" CHECK ("ledger_postings"."amount_fen" <> 0)
);
--> statement-breakpoint
ALTER TABLE "commission_rule_versions" ADD CONSTRAINT "commission_rule_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_rule_versions" ADD CONSTRAINT "commission_rule_versions_rule_fk" FOREIGN KEY ("tenant_id","rule_id") REFERENCES "public"."commission_rules"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_rules" ADD CONSTRAINT "commission_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_line_fk" FOREIGN KEY ("tenant_id","line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_settle_journal_fk" FOREIGN KEY ("tenant_id","settle_journal_id") REFERENCES "public"."ledger_journals"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_rule_version_fk" FOREIGN KEY ("tenant_id","rule_id","rule_version") REFERENCES "public"."commission_rule_versions"("tenant_id","rule_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_fk" FOREIGN KEY ("tenant_id","buyer_member_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_journals" ADD CONSTRAINT "ledger_journals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_journal_fk" FOREIGN KEY ("tenant_id","journal_id") REFERENCES "public"."ledger_journals"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."ledger_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_rules_enabled_idx" ON "commission_rules" USING btree ("tenant_id","enabled");--> statement-breakpoint
CREATE INDEX "commissions_order_idx" ON "commissions" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "commissions_distributor_idx" ON "commissions" USING btree ("tenant_id","distributor_id","created_at");--> statement-breakpoint
CREATE INDEX "commissions_due_idx" ON "commissions" USING btree ("tenant_id","settle_after") WHERE "commissions"."status" = 'pending' and "commissions"."settle_after" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "order_events_key" ON "order_events" USING btree ("tenant_id","order_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_sku_key" ON "order_lines" USING btree ("tenant_id","order_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_external_key" ON "orders" USING btree ("tenant_id","channel","external_id");--> statement-breakpoint
CREATE INDEX "orders_paid_idx" ON "orders" USING btree ("tenant_id","paid_at");--> statement-breakpoint
CREATE INDEX "orders_distributor_idx" ON "orders" USING btree ("tenant_id","distributor_id","paid_at");--> statement-breakpoint
CREATE INDEX "orders_buyer_idx" ON "orders" USING btree ("tenant_id","buyer_member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_journals_idempotency_key" ON "ledger_journals" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_journals_order_idx" ON "ledger_journals" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "ledger_postings_journal_idx" ON "ledger_postings" USING btree ("tenant_id","journal_id");--> statement-breakpoint
CREATE INDEX "ledger_postings_account_idx" ON "ledger_postings" USING btree ("tenant_id","account_id","created_at");--> statement-breakpoint
ALTER TABLE "member_identities" ADD CONSTRAINT "member_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributor_status_history" ADD CONSTRAINT "distributor_status_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_upline2_fk" FOREIGN KEY ("tenant_id","upline2_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_merges" ADD CONSTRAINT "member_merges_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_merges" ADD CONSTRAINT "member_merges_survivor_fk" FOREIGN KEY ("tenant_id","survivor_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_merges" ADD CONSTRAINT "member_merges_merged_fk" FOREIGN KEY ("tenant_id","merged_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_changes" ADD CONSTRAINT "referral_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_clicks" ADD CONSTRAINT "link_clicks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_clicks" ADD CONSTRAINT "link_clicks_link_fk" FOREIGN KEY ("tenant_id","short_link_id") REFERENCES "public"."short_links"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_clicks" ADD CONSTRAINT "link_clicks_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "short_codes" ADD CONSTRAINT "short_codes_link_fk" FOREIGN KEY ("tenant_ref","link_id") REFERENCES "public"."short_links"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "short_links" ADD CONSTRAINT "short_links_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_clicks_link_idx" ON "link_clicks" USING btree ("tenant_id","short_link_id");