CREATE TYPE "public"."kpi_metric" AS ENUM('gmv', 'orders', 'new_customers');--> statement-breakpoint
CREATE TYPE "public"."kpi_task_status" AS ENUM('active', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."leaderboard_period" AS ENUM('week', 'month');--> statement-breakpoint
ALTER TYPE "public"."journal_kind" ADD VALUE 'kpi_reward';--> statement-breakpoint
CREATE TABLE "incentive_watermarks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"seen_until" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incentive_watermarks_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "kpi_rewards" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"achieved" bigint NOT NULL,
	"reward_fen" bigint NOT NULL,
	"journal_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_rewards_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "kpi_rewards_reward_positive" CHECK ("kpi_rewards"."reward_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "kpi_tasks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"month" text NOT NULL,
	"metric" "kpi_metric" NOT NULL,
	"target" bigint NOT NULL,
	"reward_fen" bigint NOT NULL,
	"level_id" uuid,
	"role" "distributor_role",
	"status" "kpi_task_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_tasks_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "kpi_tasks_month_format" CHECK ("kpi_tasks"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "kpi_tasks_target_positive" CHECK ("kpi_tasks"."target" > 0),
	CONSTRAINT "kpi_tasks_reward_positive" CHECK ("kpi_tasks"."reward_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "leaderboard_rollups" (
	"tenant_id" uuid NOT NULL,
	"period" "leaderboard_period" NOT NULL,
	"period_start" date NOT NULL,
	"region" text NOT NULL,
	"distributor_id" uuid NOT NULL,
	"gmv_fen" bigint NOT NULL,
	"order_count" integer NOT NULL,
	"new_customers" integer NOT NULL,
	CONSTRAINT "leaderboard_rollups_pkey" PRIMARY KEY("tenant_id","period","period_start","region","distributor_id")
);
--> statement-breakpoint
CREATE TABLE "member_growth_orders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"buyer_member_id" uuid NOT NULL,
	"distributor_member_id" uuid NOT NULL,
	"due_at" timestamp with time zone,
	"counted_fen" bigint DEFAULT 0 NOT NULL,
	"checked" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_growth_orders_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "member_growth_orders_counted_nonneg" CHECK ("member_growth_orders"."counted_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "growth_value_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incentive_watermarks" ADD CONSTRAINT "incentive_watermarks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_rewards" ADD CONSTRAINT "kpi_rewards_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_rewards" ADD CONSTRAINT "kpi_rewards_task_fk" FOREIGN KEY ("tenant_id","task_id") REFERENCES "public"."kpi_tasks"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_rewards" ADD CONSTRAINT "kpi_rewards_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_rewards" ADD CONSTRAINT "kpi_rewards_journal_fk" FOREIGN KEY ("tenant_id","journal_id") REFERENCES "public"."ledger_journals"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_tasks" ADD CONSTRAINT "kpi_tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_tasks" ADD CONSTRAINT "kpi_tasks_level_fk" FOREIGN KEY ("tenant_id","level_id") REFERENCES "public"."distributor_levels"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_rollups" ADD CONSTRAINT "leaderboard_rollups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_rollups" ADD CONSTRAINT "leaderboard_rollups_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_growth_orders" ADD CONSTRAINT "member_growth_orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_growth_orders" ADD CONSTRAINT "member_growth_orders_order_fk" FOREIGN KEY ("tenant_id","id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_growth_orders" ADD CONSTRAINT "member_growth_orders_buyer_fk" FOREIGN KEY ("tenant_id","buyer_member_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_growth_orders" ADD CONSTRAINT "member_growth_orders_distributor_fk" FOREIGN KEY ("tenant_id","distributor_member_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_watermarks_name_key" ON "incentive_watermarks" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_rewards_task_distributor_key" ON "kpi_rewards" USING btree ("tenant_id","task_id","distributor_id");--> statement-breakpoint
CREATE INDEX "kpi_tasks_month_idx" ON "kpi_tasks" USING btree ("tenant_id","month");--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_gmv_idx" ON "leaderboard_rollups" USING btree ("tenant_id","period","period_start","region","gmv_fen" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_orders_idx" ON "leaderboard_rollups" USING btree ("tenant_id","period","period_start","region","order_count" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_customers_idx" ON "leaderboard_rollups" USING btree ("tenant_id","period","period_start","region","new_customers" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_distributor_idx" ON "leaderboard_rollups" USING btree ("tenant_id","distributor_id","period","period_start");--> statement-breakpoint
CREATE INDEX "member_growth_orders_due_idx" ON "member_growth_orders" USING btree ("tenant_id","due_at") WHERE not "member_growth_orders"."checked";--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_growth_value_nonneg" CHECK ("members"."growth_value_fen" >= 0);