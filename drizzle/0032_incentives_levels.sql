ALTER TYPE "public"."journal_kind" ADD VALUE 'team_bonus';--> statement-breakpoint
CREATE TABLE "distributor_departments" (
	"tenant_id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"department" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributor_departments_pkey" PRIMARY KEY("tenant_id","distributor_id"),
	CONSTRAINT "distributor_departments_department_len" CHECK (length("distributor_departments"."department") between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "incentive_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"team_lead_ladder" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"city_partner_ladder" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"level_lookback_days" integer DEFAULT 365 NOT NULL,
	"level_demotion" boolean DEFAULT false NOT NULL,
	"exclude_employees_from_team_bonus" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incentive_settings_lookback_range" CHECK ("incentive_settings"."level_lookback_days" between 1 and 3660)
);
--> statement-breakpoint
CREATE TABLE "level_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"from_level_id" uuid,
	"to_level_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"trigger" text NOT NULL,
	"gmv_fen" bigint NOT NULL,
	"order_count" integer NOT NULL,
	"direct_customer_count" integer NOT NULL,
	"lookback_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "level_changes_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "level_changes_direction" CHECK ("level_changes"."direction" in ('upgrade', 'demotion')),
	CONSTRAINT "level_changes_trigger" CHECK ("level_changes"."trigger" in ('settlement', 'month_close'))
);
--> statement-breakpoint
CREATE TABLE "month_closes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"month" text NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "month_closes_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "month_closes_month_format" CHECK ("month_closes"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "team_bonus_adjustments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"period" text NOT NULL,
	"source_period" text NOT NULL,
	"refund_fen" bigint NOT NULL,
	"old_basis_fen" bigint NOT NULL,
	"new_basis_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_bonus_adjustments_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "team_bonus_adjustments_refund_pos" CHECK ("team_bonus_adjustments"."refund_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "team_bonus_statements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"period" text NOT NULL,
	"basis" text NOT NULL,
	"region" text,
	"gmv_fen" bigint NOT NULL,
	"order_count" integer NOT NULL,
	"ladder" jsonb NOT NULL,
	"rate_bp" integer NOT NULL,
	"bonus_fen" bigint NOT NULL,
	"adjustment_fen" bigint DEFAULT 0 NOT NULL,
	"total_fen" bigint NOT NULL,
	"journal_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_bonus_statements_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "team_bonus_statements_basis" CHECK ("team_bonus_statements"."basis" in ('team', 'region')),
	CONSTRAINT "team_bonus_statements_total" CHECK ("team_bonus_statements"."total_fen" = "team_bonus_statements"."bonus_fen" + "team_bonus_statements"."adjustment_fen"),
	CONSTRAINT "team_bonus_statements_bonus_nonneg" CHECK ("team_bonus_statements"."bonus_fen" >= 0 and "team_bonus_statements"."gmv_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "distributor_departments" ADD CONSTRAINT "distributor_departments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributor_departments" ADD CONSTRAINT "distributor_departments_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_settings" ADD CONSTRAINT "incentive_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_changes" ADD CONSTRAINT "level_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_changes" ADD CONSTRAINT "level_changes_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_changes" ADD CONSTRAINT "level_changes_from_fk" FOREIGN KEY ("tenant_id","from_level_id") REFERENCES "public"."distributor_levels"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_changes" ADD CONSTRAINT "level_changes_to_fk" FOREIGN KEY ("tenant_id","to_level_id") REFERENCES "public"."distributor_levels"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "month_closes" ADD CONSTRAINT "month_closes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_bonus_adjustments" ADD CONSTRAINT "team_bonus_adjustments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_bonus_adjustments" ADD CONSTRAINT "team_bonus_adjustments_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_bonus_statements" ADD CONSTRAINT "team_bonus_statements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_bonus_statements" ADD CONSTRAINT "team_bonus_statements_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_bonus_statements" ADD CONSTRAINT "team_bonus_statements_journal_fk" FOREIGN KEY ("tenant_id","journal_id") REFERENCES "public"."ledger_journals"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "distributor_departments_department_idx" ON "distributor_departments" USING btree ("tenant_id","department");--> statement-breakpoint
CREATE INDEX "level_changes_distributor_idx" ON "level_changes" USING btree ("tenant_id","distributor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "month_closes_month_key" ON "month_closes" USING btree ("tenant_id","month");--> statement-breakpoint
CREATE INDEX "month_closes_closed_idx" ON "month_closes" USING btree ("tenant_id","closed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "team_bonus_adjustments_key" ON "team_bonus_adjustments" USING btree ("tenant_id","distributor_id","period","source_period");--> statement-breakpoint
CREATE INDEX "team_bonus_adjustments_source_idx" ON "team_bonus_adjustments" USING btree ("tenant_id","distributor_id","source_period");--> statement-breakpoint
CREATE UNIQUE INDEX "team_bonus_statements_period_key" ON "team_bonus_statements" USING btree ("tenant_id","distributor_id","period");--> statement-breakpoint
CREATE INDEX "team_bonus_statements_period_idx" ON "team_bonus_statements" USING btree ("tenant_id","period");