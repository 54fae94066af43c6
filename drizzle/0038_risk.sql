CREATE TYPE "public"."risk_action" AS ENUM('review', 'block');--> statement-breakpoint
CREATE TYPE "public"."risk_case_kind" AS ENUM('order_review', 'settled_order', 'cluster', 'ring');--> statement-breakpoint
CREATE TYPE "public"."risk_case_status" AS ENUM('open', 'approved', 'rejected', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."risk_list_kind" AS ENUM('phone', 'device', 'id_number', 'bank_card', 'address', 'ip_range');--> statement-breakpoint
CREATE TYPE "public"."risk_reason_category" AS ENUM('fraud', 'cash_out', 'brushing', 'self_purchase', 'chargeback', 'other');--> statement-breakpoint
CREATE TYPE "public"."risk_decision_kind" AS ENUM('approve', 'reject');--> statement-breakpoint
CREATE TABLE "risk_blacklist_entries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" "risk_list_kind" NOT NULL,
	"value_hash" text NOT NULL,
	"ip_range" text,
	"masked" text NOT NULL,
	"reason" text NOT NULL,
	"shared_hash" text,
	"reason_category" "risk_reason_category" DEFAULT 'other' NOT NULL,
	"distributor_id" uuid,
	"source" text DEFAULT 'manual' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" text,
	CONSTRAINT "risk_blacklist_entries_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "risk_blacklist_ip_range_pair" CHECK (("risk_blacklist_entries"."kind" = 'ip_range') = ("risk_blacklist_entries"."ip_range" is not null))
);
--> statement-breakpoint
CREATE TABLE "risk_cases" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" "risk_case_kind" NOT NULL,
	"status" "risk_case_status" DEFAULT 'open' NOT NULL,
	"order_id" uuid,
	"distributor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"dedupe_key" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_reason" text,
	CONSTRAINT "risk_cases_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "risk_cases_amount_nonneg" CHECK ("risk_cases"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "risk_rule_settings" (
	"tenant_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"enabled" boolean NOT NULL,
	"action" "risk_action" NOT NULL,
	"thresholds" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"window_minutes" integer,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_rule_settings_pkey" PRIMARY KEY("tenant_id","rule"),
	CONSTRAINT "risk_rule_settings_window_range" CHECK ("risk_rule_settings"."window_minutes" is null or "risk_rule_settings"."window_minutes" between 1 and 129600)
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"share_contribute" boolean DEFAULT false NOT NULL,
	"share_consume" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_shared_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" "risk_list_kind" NOT NULL,
	"value_hash" text NOT NULL,
	"contributor_tenant_id" uuid NOT NULL,
	"reason_category" "risk_reason_category" NOT NULL,
	"listed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_decisions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid,
	"case_id" uuid,
	"decision" "risk_decision_kind" NOT NULL,
	"reason" text NOT NULL,
	"commissions" integer DEFAULT 0 NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"bulk" boolean DEFAULT false NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_decisions_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "risk_decisions_target" CHECK ("risk_decisions"."order_id" is not null or "risk_decisions"."case_id" is not null),
	CONSTRAINT "risk_decisions_amount_nonneg" CHECK ("risk_decisions"."amount_fen" >= 0 and "risk_decisions"."commissions" >= 0)
);
--> statement-breakpoint
DROP INDEX "orders_buyer_idx";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "receiver_phone_hash" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "buyer_new" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_blacklist_entries" ADD CONSTRAINT "risk_blacklist_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_blacklist_entries" ADD CONSTRAINT "risk_blacklist_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_cases" ADD CONSTRAINT "risk_cases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_cases" ADD CONSTRAINT "risk_cases_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_rule_settings" ADD CONSTRAINT "risk_rule_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_settings" ADD CONSTRAINT "risk_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_shared_entries" ADD CONSTRAINT "risk_shared_entries_contributor_tenant_id_tenants_id_fk" FOREIGN KEY ("contributor_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD CONSTRAINT "risk_decisions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD CONSTRAINT "risk_decisions_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_blacklist_live_key" ON "risk_blacklist_entries" USING btree ("tenant_id","kind","value_hash") WHERE "risk_blacklist_entries"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "risk_blacklist_created_idx" ON "risk_blacklist_entries" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_cases_dedupe_key" ON "risk_cases" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "risk_cases_status_idx" ON "risk_cases" USING btree ("tenant_id","status","opened_at");--> statement-breakpoint
CREATE INDEX "risk_cases_order_idx" ON "risk_cases" USING btree ("tenant_id","order_id") WHERE "risk_cases"."order_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_shared_entries_key" ON "risk_shared_entries" USING btree ("kind","value_hash","contributor_tenant_id");--> statement-breakpoint
CREATE INDEX "risk_shared_entries_contributor_idx" ON "risk_shared_entries" USING btree ("contributor_tenant_id");--> statement-breakpoint
CREATE INDEX "risk_decisions_order_idx" ON "risk_decisions" USING btree ("tenant_id","order_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_decisions_case_idx" ON "risk_decisions" USING btree ("tenant_id","case_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_decisions_created_idx" ON "risk_decisions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_device_paid_idx" ON "orders" USING btree ("tenant_id","device_hash","paid_at") WHERE "orders"."device_hash" is not null;--> statement-breakpoint
CREATE INDEX "orders_ip_paid_idx" ON "orders" USING btree ("tenant_id","ip_hash","paid_at") WHERE "orders"."ip_hash" is not null;--> statement-breakpoint
CREATE INDEX "orders_shipping_paid_idx" ON "orders" USING btree ("tenant_id","shipping_hash","paid_at") WHERE "orders"."shipping_hash" is not null;--> statement-breakpoint
CREATE INDEX "orders_distributor_new_paid_idx" ON "orders" USING btree ("tenant_id","distributor_id","paid_at") WHERE "orders"."buyer_new";--> statement-breakpoint
CREATE INDEX "orders_receiver_phone_paid_idx" ON "orders" USING btree ("tenant_id","receiver_phone_hash","paid_at") WHERE "orders"."receiver_phone_hash" is not null;--> statement-breakpoint
CREATE INDEX "orders_buyer_idx" ON "orders" USING btree ("tenant_id","buyer_member_id","paid_at");