ALTER TABLE "orders" ADD COLUMN "refunded_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_refund_range" CHECK ("orders"."refunded_fen" between 0 and "orders"."amount_fen");--> statement-breakpoint
-- The orders stored before the column existed: their lines' refunds, in one pass as the owner
-- (no RLS); only orders with a refund are touched.
UPDATE "orders" o SET "refunded_fen" = r.refunded
FROM (
  SELECT tenant_id, order_id, sum(refunded_fen) AS refunded FROM "order_lines" WHERE refunded_fen > 0 GROUP BY tenant_id, order_id
) r
WHERE o.tenant_id = r.tenant_id AND o.id = r.order_id;
