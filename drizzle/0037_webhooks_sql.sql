-- Outbound webhooks (issue 11 item 3): the outbox and the attempt log record what happened and
-- are never rewritten; deliveries carry the progress.
COMMENT ON TABLE webhook_events IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE webhook_attempts IS 'fenxiao:append-only';
--> statement-breakpoint

-- Platform function: the brands with a webhook delivery due (the dispatcher, sweeper and cron),
-- one index probe per brand on webhook_deliveries_due_idx (a skip scan), like
-- fx_tenants_with_due_settlement.
CREATE OR REPLACE FUNCTION fx_tenants_with_due_webhooks(p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE t(tenant_id) AS (
    (SELECT d.tenant_id FROM webhook_deliveries d
      WHERE d.status = 'pending' AND d.next_attempt_at <= p_now
      ORDER BY d.tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT d.tenant_id FROM webhook_deliveries d
             WHERE d.status = 'pending' AND d.next_attempt_at <= p_now AND d.tenant_id > t.tenant_id
             ORDER BY d.tenant_id LIMIT 1)
    FROM t WHERE t.tenant_id IS NOT NULL
  )
  SELECT t.tenant_id FROM t WHERE t.tenant_id IS NOT NULL
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_due_webhooks(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_due_webhooks(timestamptz) TO fenxiao_app;
