DROP INDEX "member_identities_value_key";--> statement-breakpoint
DROP INDEX "orders_external_key";--> statement-breakpoint
DROP INDEX "risk_blacklist_live_key";--> statement-breakpoint
CREATE UNIQUE INDEX "member_identities_value_key" ON "member_identities" USING btree ("tenant_id","value_hash","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_external_key" ON "orders" USING btree ("tenant_id","external_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_blacklist_live_key" ON "risk_blacklist_entries" USING btree ("tenant_id","value_hash","kind") WHERE "risk_blacklist_entries"."removed_at" is null;