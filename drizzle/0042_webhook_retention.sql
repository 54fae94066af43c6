-- Webhook outbox retention (issue 11): webhook_events and webhook_attempts are append-only for
-- the runtime role (0037), so the history that has run its course is removed only through the
-- two functions below, like fx_purge_idempotency_keys. The purge acts for the transaction's
-- own brand only, so the sweep walks brands the way the dispatcher does (deliverAll).

-- Platform function: the brands with an event older than p_cutoff (finished or not; the purge
-- decides). A skip scan over webhook_events_created_idx, one probe per brand with webhooks,
-- like fx_tenants_with_due_webhooks.
CREATE OR REPLACE FUNCTION fx_tenants_with_webhook_history(p_cutoff timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE t(tenant_id) AS (
    (SELECT e.tenant_id FROM webhook_events e ORDER BY e.tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT e.tenant_id FROM webhook_events e WHERE e.tenant_id > t.tenant_id ORDER BY e.tenant_id LIMIT 1)
    FROM t WHERE t.tenant_id IS NOT NULL
  )
  SELECT t.tenant_id FROM t
  WHERE t.tenant_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM webhook_events e WHERE e.tenant_id = t.tenant_id AND e.created_at < p_cutoff)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_webhook_history(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_webhook_history(timestamptz) TO fenxiao_app;
--> statement-breakpoint

-- Deletes up to p_limit of the transaction's brand's events, oldest first, that were made
-- before p_cutoff and whose every delivery finished before it (succeeded, or failed after the
-- last attempt; none left when the endpoint was deleted). A pending delivery (a retry, an
-- endpoint that is disabled, a redelivery asked for) keeps its event, and so does one
-- redelivered after the cutoff: its log is recent. Deliveries and attempts go with the event
-- (ON DELETE CASCADE). Returns the events deleted.
--
-- The candidates' deliveries are locked before the delete re-checks them, so a redelivery
-- committed meanwhile (status back to pending) is seen and its event kept, and one asked for
-- after the lock waits for this commit and finds the delivery gone (404), never lost silently.
CREATE OR REPLACE FUNCTION fx_purge_webhook_history(p_cutoff timestamptz, p_limit integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_ids uuid[];
  v_count integer;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'fx_purge_webhook_history needs a tenant transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_limit IS NULL OR p_limit < 1 THEN
    RAISE EXCEPTION 'fx_purge_webhook_history: p_limit must be positive' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT coalesce(array_agg(c.id), '{}') INTO v_ids FROM (
    SELECT e.id FROM webhook_events e
    WHERE e.tenant_id = v_tenant AND e.created_at < p_cutoff
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
        WHERE d.tenant_id = v_tenant AND d.event_id = e.id AND (d.status = 'pending' OR d.next_attempt_at >= p_cutoff))
    ORDER BY e.created_at
    LIMIT p_limit) c;
  IF cardinality(v_ids) = 0 THEN
    RETURN 0;
  END IF;
  PERFORM 1 FROM webhook_deliveries d WHERE d.tenant_id = v_tenant AND d.event_id = ANY (v_ids) ORDER BY d.id FOR UPDATE;
  DELETE FROM webhook_events e
  WHERE e.tenant_id = v_tenant AND e.id = ANY (v_ids)
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
      WHERE d.tenant_id = v_tenant AND d.event_id = e.id AND (d.status = 'pending' OR d.next_attempt_at >= p_cutoff));
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_purge_webhook_history(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_purge_webhook_history(timestamptz, integer) TO fenxiao_app;
