-- Level changes, team bonus statements and their adjustments are history: the runtime role may
-- insert and read them, never rewrite them (a paid bonus is corrected by a later adjustment).
COMMENT ON TABLE level_changes IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE team_bonus_statements IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE team_bonus_adjustments IS 'fenxiao:append-only';
--> statement-breakpoint
-- Platform function: the brands whose month p_month (YYYY-MM, Asia/Shanghai) has not been
-- closed yet, for the month-close cron and the sweeper (which run before any tenant is known).
-- A brand created after the month ended is left alone: it may still be importing that month's
-- history, and its staff close the month from the console when it is complete.
CREATE OR REPLACE FUNCTION fx_tenants_needing_month_close(p_month text, p_month_end timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id FROM tenants t
  WHERE t.created_at < p_month_end
    AND NOT EXISTS (SELECT 1 FROM month_closes m WHERE m.tenant_id = t.id AND m.month = p_month)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_needing_month_close(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_needing_month_close(text, timestamptz) TO fenxiao_app;
