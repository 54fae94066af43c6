CREATE TYPE "public"."risk_decision_kind" AS ENUM('approve', 'reject');--> statement-breakpoint
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
ALTER TABLE "risk_decisions" ADD CONSTRAINT "risk_decisions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD CONSTRAINT "risk_decisions_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_decisions_order_idx" ON "risk_decisions" USING btree ("tenant_id","order_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_decisions_case_idx" ON "risk_decisions" USING btree ("tenant_id","case_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_decisions_created_idx" ON "risk_decisions" USING btree ("tenant_id","created_at");