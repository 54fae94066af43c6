CREATE INDEX "commissions_created_idx" ON "commissions" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "commissions_rule_idx" ON "commissions" USING btree ("tenant_id","rule_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_external_id_prefix_idx" ON "orders" USING btree ("tenant_id","external_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orders_risk_paid_idx" ON "orders" USING btree ("tenant_id","paid_at") WHERE "orders"."risk_verdict" <> 'allow';