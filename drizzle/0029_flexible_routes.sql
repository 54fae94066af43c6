CREATE TABLE "flexible_routes" (
	"tenant_id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flexible_routes_pkey" PRIMARY KEY("tenant_id","distributor_id")
);
--> statement-breakpoint
ALTER TABLE "flexible_routes" ADD CONSTRAINT "flexible_routes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flexible_routes" ADD CONSTRAINT "flexible_routes_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;