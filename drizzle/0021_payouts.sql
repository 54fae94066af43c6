CREATE TYPE "public"."income_type" AS ENUM('labour', 'individual_business');--> statement-breakpoint
CREATE TYPE "public"."kyc_status" AS ENUM('unverified', 'verified', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."bank_batch_status" AS ENUM('exported', 'partially_settled', 'settled');--> statement-breakpoint
CREATE TYPE "public"."payout_attempt_state" AS ENUM('sending', 'processing', 'waiting_confirmation', 'succeeded', 'failed', 'cancelled', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."tax_method" AS ENUM('labour', 'cumulative', 'not_withheld');--> statement-breakpoint
CREATE TYPE "public"."withdrawal_channel" AS ENUM('bank', 'wechat', 'alipay', 'flexible', 'external');--> statement-breakpoint
CREATE TYPE "public"."withdrawal_status" AS ENUM('reviewing', 'approved', 'paying', 'waiting_confirmation', 'paid', 'rejected', 'failed', 'cancelled', 'expired');--> statement-breakpoint
CREATE TABLE "distributor_identities" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"real_name" text,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"birth_date" date,
	"bank_card_enc" text,
	"bank_card_hash" text,
	"bank_card_masked" text,
	"bank_name" text,
	"bank_card_luhn_ok" boolean,
	"phone" text,
	"wechat_openid" text,
	"alipay_account" text,
	"id_photo_front_key" text,
	"id_photo_back_key" text,
	"income_type" "income_type" DEFAULT 'labour' NOT NULL,
	"status" "kyc_status" DEFAULT 'unverified' NOT NULL,
	"status_reason" text,
	"verified_at" timestamp with time zone,
	"sensitive_consent_version" integer,
	"sensitive_consent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributor_identities_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "distributor_identities_id_pair" CHECK (("distributor_identities"."id_number_enc" is null) = ("distributor_identities"."id_number_hash" is null)),
	CONSTRAINT "distributor_identities_card_pair" CHECK (("distributor_identities"."bank_card_enc" is null) = ("distributor_identities"."bank_card_hash" is null))
);
--> statement-breakpoint
CREATE TABLE "bank_batches" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"batch_no" text NOT NULL,
	"status" "bank_batch_status" DEFAULT 'exported' NOT NULL,
	"count" integer NOT NULL,
	"total_net_fen" bigint NOT NULL,
	"created_by" uuid,
	"result_file_name" text,
	"result_imported_at" timestamp with time zone,
	"result_report" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_batches_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "payout_attempts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"withdrawal_id" uuid NOT NULL,
	"out_bill_no" text NOT NULL,
	"provider" text NOT NULL,
	"state" "payout_attempt_state" NOT NULL,
	"provider_ref" text,
	"package_info" text,
	"error" text,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_attempts_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "payout_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"channel_limits" jsonb NOT NULL,
	"daily_amount_cap_fen" bigint,
	"daily_count_cap" integer,
	"monthly_amount_cap_fen" bigint,
	"monthly_count_cap" integer,
	"fee_bp" integer DEFAULT 0 NOT NULL,
	"dual_approval_from_fen" bigint DEFAULT 1000000 NOT NULL,
	"tax_method" "tax_method" DEFAULT 'labour' NOT NULL,
	"flexible_from_fen" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_withholdings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"withdrawal_id" uuid NOT NULL,
	"month" text NOT NULL,
	"method" "tax_method" NOT NULL,
	"income_fen" bigint NOT NULL,
	"tax_fen" bigint NOT NULL,
	"note" text,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_withholdings_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tax_withholdings_nonneg" CHECK ("tax_withholdings"."income_fen" >= 0 and "tax_withholdings"."tax_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "withdrawal_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"withdrawal_id" uuid NOT NULL,
	"from_status" "withdrawal_status",
	"to_status" "withdrawal_status" NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"reason" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "withdrawal_events_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "withdrawals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"out_bill_no" text NOT NULL,
	"channel" "withdrawal_channel" NOT NULL,
	"status" "withdrawal_status" NOT NULL,
	"amount_fen" bigint NOT NULL,
	"fee_fen" bigint DEFAULT 0 NOT NULL,
	"tax_fen" bigint DEFAULT 0 NOT NULL,
	"tax_month" text,
	"net_fen" bigint NOT NULL,
	"tax_method" "tax_method" NOT NULL,
	"tax_note" text,
	"tax_detail" jsonb,
	"payee_name" text,
	"payee_account_masked" text,
	"payee_account_enc" text,
	"payee_bank_name" text,
	"reference" text,
	"tax_withheld_by" text,
	"bank_batch_id" uuid,
	"first_approved_by" uuid,
	"first_approved_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"reason" text,
	"expires_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "withdrawals_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "withdrawals_amount_positive" CHECK ("withdrawals"."amount_fen" > 0),
	CONSTRAINT "withdrawals_parts_nonneg" CHECK ("withdrawals"."fee_fen" >= 0 and "withdrawals"."tax_fen" >= 0 and "withdrawals"."net_fen" >= 0),
	CONSTRAINT "withdrawals_parts_sum" CHECK ("withdrawals"."fee_fen" + "withdrawals"."tax_fen" + "withdrawals"."net_fen" = "withdrawals"."amount_fen")
);
--> statement-breakpoint
ALTER TABLE "distributor_identities" ADD CONSTRAINT "distributor_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributor_identities" ADD CONSTRAINT "distributor_identities_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_batches" ADD CONSTRAINT "bank_batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_attempts" ADD CONSTRAINT "payout_attempts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_attempts" ADD CONSTRAINT "payout_attempts_withdrawal_fk" FOREIGN KEY ("tenant_id","withdrawal_id") REFERENCES "public"."withdrawals"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_settings" ADD CONSTRAINT "payout_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_withholdings" ADD CONSTRAINT "tax_withholdings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_withholdings" ADD CONSTRAINT "tax_withholdings_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_withholdings" ADD CONSTRAINT "tax_withholdings_withdrawal_fk" FOREIGN KEY ("tenant_id","withdrawal_id") REFERENCES "public"."withdrawals"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawal_events" ADD CONSTRAINT "withdrawal_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawal_events" ADD CONSTRAINT "withdrawal_events_withdrawal_fk" FOREIGN KEY ("tenant_id","withdrawal_id") REFERENCES "public"."withdrawals"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "distributor_identities_distributor_key" ON "distributor_identities" USING btree ("tenant_id","distributor_id");--> statement-breakpoint
CREATE INDEX "distributor_identities_id_hash_idx" ON "distributor_identities" USING btree ("tenant_id","id_number_hash");--> statement-breakpoint
CREATE INDEX "distributor_identities_card_hash_idx" ON "distributor_identities" USING btree ("tenant_id","bank_card_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_batches_no_key" ON "bank_batches" USING btree ("tenant_id","batch_no");--> statement-breakpoint
CREATE INDEX "payout_attempts_withdrawal_idx" ON "payout_attempts" USING btree ("tenant_id","withdrawal_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_withholdings_withdrawal_key" ON "tax_withholdings" USING btree ("tenant_id","withdrawal_id");--> statement-breakpoint
CREATE INDEX "tax_withholdings_month_idx" ON "tax_withholdings" USING btree ("tenant_id","month","distributor_id");--> statement-breakpoint
CREATE INDEX "tax_withholdings_distributor_idx" ON "tax_withholdings" USING btree ("tenant_id","distributor_id","month");--> statement-breakpoint
CREATE INDEX "withdrawal_events_withdrawal_idx" ON "withdrawal_events" USING btree ("tenant_id","withdrawal_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawals_out_bill_no_key" ON "withdrawals" USING btree ("tenant_id","out_bill_no");--> statement-breakpoint
CREATE UNIQUE INDEX "withdrawals_reference_key" ON "withdrawals" USING btree ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "withdrawals_distributor_idx" ON "withdrawals" USING btree ("tenant_id","distributor_id","requested_at");--> statement-breakpoint
CREATE INDEX "withdrawals_status_idx" ON "withdrawals" USING btree ("tenant_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "withdrawals_batch_idx" ON "withdrawals" USING btree ("tenant_id","bank_batch_id");--> statement-breakpoint
CREATE INDEX "withdrawals_tax_month_idx" ON "withdrawals" USING btree ("tenant_id","distributor_id","tax_month");