CREATE TABLE "payout_gateways" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"channel" text NOT NULL,
	"public_config" jsonb NOT NULL,
	"secrets_enc" text NOT NULL,
	"secret_hints" jsonb NOT NULL,
	"checked_at" timestamp with time zone,
	"check_ok" boolean,
	"check_message" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_gateways_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "payout_gateways_channel_check" CHECK ("payout_gateways"."channel" in ('wechat', 'alipay', 'flexible'))
);
--> statement-breakpoint
ALTER TABLE "payout_gateways" ADD CONSTRAINT "payout_gateways_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payout_gateways_channel_key" ON "payout_gateways" USING btree ("tenant_id","channel");