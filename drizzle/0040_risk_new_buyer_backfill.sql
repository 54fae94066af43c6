-- orders.buyer_new for the orders stored before the column existed: the buyer had no earlier
-- paid order at the brand. One pass, as the owner (no RLS): (tenant, buyer, paid_at) is indexed.
UPDATE orders o SET buyer_new = true
WHERE NOT EXISTS (
  SELECT 1 FROM orders p
  WHERE p.tenant_id = o.tenant_id AND p.buyer_member_id = o.buyer_member_id AND p.paid_at < o.paid_at
);
