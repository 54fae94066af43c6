DROP INDEX "leaderboard_rollups_gmv_idx";--> statement-breakpoint
DROP INDEX "leaderboard_rollups_orders_idx";--> statement-breakpoint
DROP INDEX "leaderboard_rollups_customers_idx";--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_gmv_idx" ON "leaderboard_rollups" USING btree ("tenant_id","period_start","region","gmv_fen" DESC NULLS LAST,"distributor_id");--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_orders_idx" ON "leaderboard_rollups" USING btree ("tenant_id","period_start","region","order_count" DESC NULLS LAST,"distributor_id");--> statement-breakpoint
CREATE INDEX "leaderboard_rollups_customers_idx" ON "leaderboard_rollups" USING btree ("tenant_id","period_start","region","new_customers" DESC NULLS LAST,"distributor_id");