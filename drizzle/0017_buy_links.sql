ALTER TABLE "brand_settings" ADD COLUMN "shop_channels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "buy_links" jsonb DEFAULT '{}'::jsonb NOT NULL;