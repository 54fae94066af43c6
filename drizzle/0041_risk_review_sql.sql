-- Reviewers' decisions are never edited: a change of mind is a new decision (issue 10 item 3).
COMMENT ON TABLE risk_decisions IS 'fenxiao:append-only';
--> statement-breakpoint

-- Platform function: the brands with paid orders since p_since, for the nightly risk detection
-- (it runs before any tenant is known). A skip scan over orders_paid_idx: one index probe per
-- brand, however many orders each has.
CREATE OR REPLACE FUNCTION fx_tenants_with_orders_since(p_since timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE t(tenant_id) AS (
    (SELECT o.tenant_id FROM orders o ORDER BY o.tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT o.tenant_id FROM orders o WHERE o.tenant_id > t.tenant_id ORDER BY o.tenant_id LIMIT 1)
    FROM t WHERE t.tenant_id IS NOT NULL
  )
  SELECT t.tenant_id FROM t
  WHERE t.tenant_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = t.tenant_id AND o.paid_at >= p_since)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_orders_since(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_orders_since(timestamptz) TO fenxiao_app;
