ALTER TABLE "brand_settings" ADD COLUMN "landing_verified_host" text;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "landing_verified_at" timestamp with time zone;