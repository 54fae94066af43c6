-- One foreign key a commission, on its line within its order (see db/schema/orders.ts): the
-- unique key it references first, then the key replaces the two single ones.
CREATE UNIQUE INDEX "order_lines_order_line_key" ON "order_lines" USING btree ("tenant_id","order_id","id");--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_order_fk";--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_line_fk";--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_line_fk" FOREIGN KEY ("tenant_id","order_id","line_id") REFERENCES "public"."order_lines"("tenant_id","order_id","id") ON DELETE cascade ON UPDATE no action;
