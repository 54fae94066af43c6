CREATE TABLE "dashboard_activity_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"clicks" integer NOT NULL,
	"bound_buyers" integer NOT NULL,
	"new_distributors" integer NOT NULL,
	CONSTRAINT "dashboard_activity_days_pkey" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
CREATE TABLE "dashboard_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"orders" integer NOT NULL,
	"gmv_fen" bigint NOT NULL,
	"commission_fen" bigint NOT NULL,
	"settled_orders" integer NOT NULL,
	"blocked_orders" integer NOT NULL,
	CONSTRAINT "dashboard_days_pkey" PRIMARY KEY("tenant_id","day","channel")
);
--> statement-breakpoint
CREATE TABLE "dashboard_dirty_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "dashboard_dirty_days_pkey" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
CREATE TABLE "dashboard_distributor_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"distributor_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"orders" integer NOT NULL,
	"gmv_fen" bigint NOT NULL,
	"commission_fen" bigint NOT NULL,
	CONSTRAINT "dashboard_distributor_days_pkey" PRIMARY KEY("tenant_id","day","distributor_id","channel")
);
--> statement-breakpoint
CREATE TABLE "dashboard_distributor_months" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"channel" text NOT NULL,
	"distributor_id" uuid NOT NULL,
	"orders" integer NOT NULL,
	"gmv_fen" bigint NOT NULL,
	"commission_fen" bigint NOT NULL,
	CONSTRAINT "dashboard_distributor_months_pkey" PRIMARY KEY("tenant_id","month","channel","distributor_id")
);
--> statement-breakpoint
CREATE TABLE "dashboard_state" (
	"tenant_id" uuid NOT NULL,
	"watermark_at" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dashboard_state_pkey" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
ALTER TABLE "dashboard_activity_days" ADD CONSTRAINT "dashboard_activity_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_days" ADD CONSTRAINT "dashboard_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_dirty_days" ADD CONSTRAINT "dashboard_dirty_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_distributor_days" ADD CONSTRAINT "dashboard_distributor_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_distributor_months" ADD CONSTRAINT "dashboard_distributor_months_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_state" ADD CONSTRAINT "dashboard_state_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_distributor_months_top_idx" ON "dashboard_distributor_months" USING btree ("tenant_id","month","channel","gmv_fen" DESC NULLS LAST,"commission_fen" DESC NULLS LAST,"distributor_id");--> statement-breakpoint
CREATE INDEX "commissions_settle_journal_idx" ON "commissions" USING btree ("tenant_id","settle_journal_id") WHERE "commissions"."settle_journal_id" is not null;