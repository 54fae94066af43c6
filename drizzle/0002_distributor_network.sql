CREATE TYPE "public"."enrolment_mode" AS ENUM('open', 'admin_only', 'spend_threshold');--> statement-breakpoint
CREATE TYPE "public"."binding_source" AS ENUM('link', 'qr', 'poster', 'order_code', 'manual');--> statement-breakpoint
CREATE TYPE "public"."distributor_role" AS ENUM('distributor', 'team_lead', 'city_partner', 'employee');--> statement-breakpoint
CREATE TYPE "public"."distributor_status" AS ENUM('applied', 'active', 'frozen', 'disabled', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."material_kind" AS ENUM('image', 'copy');--> statement-breakpoint
CREATE TYPE "public"."product_status" AS ENUM('active', 'archived');--> statement-breakpoint
CREATE TABLE "bindings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"buyer_member_id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"source" "binding_source" NOT NULL,
	"bound_at" timestamp with time zone NOT NULL,
	"protected_until" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_reason" text,
	"actor_type" text DEFAULT 'system' NOT NULL,
	"actor_id" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bindings_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "distributor_levels" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	"min_gmv_fen" bigint,
	"min_orders" integer,
	"min_direct_customers" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributor_levels_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "distributor_status_history" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"from_status" "distributor_status",
	"to_status" "distributor_status" NOT NULL,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributor_status_history_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "distributors" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"phone_masked" text,
	"status" "distributor_status" DEFAULT 'applied' NOT NULL,
	"role" "distributor_role" DEFAULT 'distributor' NOT NULL,
	"region" text,
	"level_id" uuid,
	"upline_id" uuid,
	"upline2_id" uuid,
	"path" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"application_note" text,
	"application_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reject_reason" text,
	"gmv_fen" bigint DEFAULT 0 NOT NULL,
	"order_count" integer DEFAULT 0 NOT NULL,
	"direct_customer_count" integer DEFAULT 0 NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distributors_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "distributors_not_own_upline" CHECK ("distributors"."upline_id" is distinct from "distributors"."id"),
	CONSTRAINT "distributors_region_for_city_partner" CHECK ("distributors"."role" <> 'city_partner' or "distributors"."region" is not null)
);
--> statement-breakpoint
CREATE TABLE "member_merges" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"snapshot" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_merges_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "referral_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"from_upline_id" uuid,
	"to_upline_id" uuid,
	"reason" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_changes_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "link_clicks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"short_link_id" uuid NOT NULL,
	"distributor_id" uuid NOT NULL,
	"device_id" text,
	"ip_hash" text,
	"user_agent" text,
	"via" text DEFAULT 'link' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "link_clicks_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "poster_templates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"background_url" text,
	"headline" text,
	"layout" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "poster_templates_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"price_fen" bigint NOT NULL,
	"image_url" text,
	"status" "product_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "products_price_nonneg" CHECK ("products"."price_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_materials" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" "material_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"image_url" text,
	"product_id" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_materials_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "short_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"tenant_ref" uuid NOT NULL,
	"link_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "short_links" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"distributor_id" uuid NOT NULL,
	"product_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "short_links_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "enrolment_mode" "enrolment_mode" DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "enrolment_auto_approve" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "enrolment_spend_threshold_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "application_fields" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "total_spend_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_buyer_fk" FOREIGN KEY ("tenant_id","buyer_member_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributor_levels" ADD CONSTRAINT "distributor_levels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributor_status_history" ADD CONSTRAINT "distributor_status_history_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_member_fk" FOREIGN KEY ("tenant_id","member_id") REFERENCES "public"."members"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_upline_fk" FOREIGN KEY ("tenant_id","upline_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_level_fk" FOREIGN KEY ("tenant_id","level_id") REFERENCES "public"."distributor_levels"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_changes" ADD CONSTRAINT "referral_changes_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poster_templates" ADD CONSTRAINT "poster_templates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_materials" ADD CONSTRAINT "promotion_materials_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_materials" ADD CONSTRAINT "promotion_materials_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "short_codes" ADD CONSTRAINT "short_codes_tenant_ref_tenants_id_fk" FOREIGN KEY ("tenant_ref") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "short_links" ADD CONSTRAINT "short_links_distributor_fk" FOREIGN KEY ("tenant_id","distributor_id") REFERENCES "public"."distributors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "short_links" ADD CONSTRAINT "short_links_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bindings_current_key" ON "bindings" USING btree ("tenant_id","buyer_member_id") WHERE "bindings"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "bindings_distributor_idx" ON "bindings" USING btree ("tenant_id","distributor_id","bound_at");--> statement-breakpoint
CREATE UNIQUE INDEX "distributor_levels_rank_key" ON "distributor_levels" USING btree ("tenant_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "distributor_levels_name_key" ON "distributor_levels" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "distributor_status_history_distributor_idx" ON "distributor_status_history" USING btree ("tenant_id","distributor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "distributors_member_key" ON "distributors" USING btree ("tenant_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "distributors_code_key" ON "distributors" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "distributors_path_idx" ON "distributors" USING btree ("tenant_id","path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "distributors_upline_idx" ON "distributors" USING btree ("tenant_id","upline_id");--> statement-breakpoint
CREATE INDEX "distributors_status_idx" ON "distributors" USING btree ("tenant_id","status","applied_at");--> statement-breakpoint
CREATE INDEX "member_merges_survivor_idx" ON "member_merges" USING btree ("tenant_id","survivor_id");--> statement-breakpoint
CREATE INDEX "link_clicks_device_idx" ON "link_clicks" USING btree ("tenant_id","device_id","created_at");--> statement-breakpoint
CREATE INDEX "link_clicks_distributor_idx" ON "link_clicks" USING btree ("tenant_id","distributor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "poster_templates_default_key" ON "poster_templates" USING btree ("tenant_id") WHERE "poster_templates"."is_default" and "poster_templates"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_key" ON "products" USING btree ("tenant_id","sku");--> statement-breakpoint
CREATE INDEX "promotion_materials_created_idx" ON "promotion_materials" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "short_links_code_key" ON "short_links" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "short_links_target_key" ON "short_links" USING btree ("tenant_id","distributor_id",coalesce("product_id", '00000000-0000-0000-0000-000000000000'::uuid));