-- Platform function: the brands with an order import that stopped mid-way (its runner crashed
-- or the process restarted: status queued/running and its lease has run out), for the sweep,
-- which runs before any tenant is known. It returns brand ids only; the sweep resumes each
-- import inside that brand's own transaction.
CREATE OR REPLACE FUNCTION fx_tenants_with_stale_imports(p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT i.tenant_id FROM order_imports i
  WHERE i.status IN ('queued', 'running') AND (i.lease_until IS NULL OR i.lease_until < p_now)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_stale_imports(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_stale_imports(timestamptz) TO fenxiao_app;
