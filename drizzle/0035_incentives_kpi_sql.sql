-- KPI rewards are a record of money paid: never updated or deleted by the runtime role.
COMMENT ON TABLE kpi_rewards IS 'fenxiao:append-only';
--> statement-breakpoint

-- Platform function: the brands with incentive work for the sweep (which runs before any tenant
-- is known): order events since p_floor (the leaderboard and growth folds), growth rows that have
-- come due, or active KPI tasks of the given months. One index probe per brand and kind: the
-- brand list is small, and order_events / member_growth_orders are keyed by tenant first.
CREATE OR REPLACE FUNCTION fx_tenants_with_incentive_work(p_floor uuid, p_now timestamptz, p_months text[])
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT tn.id FROM tenants tn
  WHERE EXISTS (SELECT 1 FROM order_events e WHERE e.tenant_id = tn.id AND e.id >= p_floor)
     OR EXISTS (SELECT 1 FROM member_growth_orders g WHERE g.tenant_id = tn.id AND NOT g.checked AND g.due_at <= p_now)
     OR EXISTS (SELECT 1 FROM kpi_tasks k WHERE k.tenant_id = tn.id AND k.status = 'active' AND k.month = ANY (p_months))
  ORDER BY tn.id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_incentive_work(uuid, timestamptz, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_incentive_work(uuid, timestamptz, text[]) TO fenxiao_app;
