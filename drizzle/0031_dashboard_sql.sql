-- Dashboard aggregates (issue 11). A platform function, callable only outside a tenant
-- transaction, that reads nothing but tenant ids: the brands with something for the dashboard
-- refresher to fold (a source row with a uuid v7 id at or after p_since, or a day already
-- queued). Each probe is one index lookup on a (tenant_id, id) primary key per brand.
CREATE OR REPLACE FUNCTION fx_tenants_with_dashboard_work(p_since uuid)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id FROM tenants t
   WHERE EXISTS (SELECT 1 FROM order_events e WHERE e.tenant_id = t.id AND e.id >= p_since)
      OR EXISTS (SELECT 1 FROM ledger_journals j WHERE j.tenant_id = t.id AND j.id >= p_since)
      OR EXISTS (SELECT 1 FROM link_clicks c WHERE c.tenant_id = t.id AND c.id >= p_since)
      OR EXISTS (SELECT 1 FROM bindings b WHERE b.tenant_id = t.id AND b.id >= p_since)
      OR EXISTS (SELECT 1 FROM distributors d WHERE d.tenant_id = t.id AND d.id >= p_since)
      OR EXISTS (SELECT 1 FROM dashboard_dirty_days q WHERE q.tenant_id = t.id)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_dashboard_work(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_dashboard_work(uuid) TO fenxiao_app;
