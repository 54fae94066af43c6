-- Ledger guards that live in the database, so no code path can get around them.

-- 1. Every journal balances. Postings of one journal are inserted in one statement (the ledger
--    service does so); this statement trigger sees exactly those rows and refuses the whole
--    statement when any journal among them does not sum to zero or has fewer than two postings.
CREATE OR REPLACE FUNCTION fx_postings_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  SELECT journal_id INTO bad
  FROM new_postings
  GROUP BY journal_id
  HAVING sum(amount_fen) <> 0 OR count(*) < 2
  LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger journal % does not balance', bad USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_postings_balanced
AFTER INSERT ON ledger_postings
REFERENCING NEW TABLE AS new_postings
FOR EACH STATEMENT EXECUTE FUNCTION fx_postings_balanced();
--> statement-breakpoint

-- 2. Append-only tables are marked by a comment; fx_secure_schema (run after every migration)
--    takes UPDATE and DELETE on them from the runtime role, so a new append-only table only
--    needs the comment.
COMMENT ON TABLE audit_logs IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE ledger_journals IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE ledger_postings IS 'fenxiao:append-only';
--> statement-breakpoint
-- A rule version, once written, is what its commissions were computed with.
COMMENT ON TABLE commission_rule_versions IS 'fenxiao:append-only';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fx_secure_schema() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.relname);
    IF NOT EXISTS (
      SELECT 1 FROM pg_policies
      WHERE schemaname = 'public' AND tablename = r.relname AND policyname = 'tenant_isolation'
    ) THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I '
        'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
        'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
        r.relname);
    END IF;
  END LOOP;
  GRANT USAGE ON SCHEMA public TO fenxiao_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fenxiao_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fenxiao_app;
  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND obj_description(c.oid, 'pg_class') = 'fenxiao:append-only'
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM fenxiao_app', r.relname);
  END LOOP;
END $$;
--> statement-breakpoint

-- 3. Each brand's own ledger accounts exist from the moment the brand does, so posting never
--    has to create them inside a busy transaction (and a cached id can never point at a row
--    that a rolled-back transaction created). SECURITY DEFINER: the tenant's app.tenant_id is
--    not set yet while its row is being inserted, so RLS would refuse the runtime role.
CREATE OR REPLACE FUNCTION fx_create_brand_accounts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO ledger_accounts (tenant_id, id, distributor_id, type, balance_fen)
  SELECT NEW.id, gen_random_uuid(), NULL, t::ledger_account_type, NULL
  FROM unnest(ARRAY['commission_expense', 'payouts', 'tax_payable', 'fees']) AS t
  ON CONFLICT ON CONSTRAINT ledger_accounts_owner_key DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_create_brand_accounts() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER tenants_brand_accounts
AFTER INSERT ON tenants
FOR EACH ROW EXECUTE FUNCTION fx_create_brand_accounts();
--> statement-breakpoint
INSERT INTO ledger_accounts (tenant_id, id, distributor_id, type, balance_fen)
SELECT tn.id, gen_random_uuid(), NULL, t::ledger_account_type, NULL
FROM tenants tn CROSS JOIN unnest(ARRAY['commission_expense', 'payouts', 'tax_payable', 'fees']) AS t
ON CONFLICT ON CONSTRAINT ledger_accounts_owner_key DO NOTHING;
--> statement-breakpoint

-- 4. Platform function: the brands that have commissions due for settlement, for the sweeper
--    (which runs before any tenant is known). A skip scan over commissions_due_idx: one index
--    probe per brand that has pending commissions, however many commissions each has.
CREATE OR REPLACE FUNCTION fx_tenants_with_due_settlement(p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE t(tenant_id) AS (
    (SELECT c.tenant_id FROM commissions c
      WHERE c.status = 'pending' AND c.settle_after <= p_now
      ORDER BY c.tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT c.tenant_id FROM commissions c
             WHERE c.status = 'pending' AND c.settle_after <= p_now AND c.tenant_id > t.tenant_id
             ORDER BY c.tenant_id LIMIT 1)
    FROM t WHERE t.tenant_id IS NOT NULL
  )
  SELECT t.tenant_id FROM t WHERE t.tenant_id IS NOT NULL
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_due_settlement(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_due_settlement(timestamptz) TO fenxiao_app;
--> statement-breakpoint

-- 5. Platform function: expire every brand's stored Idempotency-Key results (the sweep).
CREATE OR REPLACE FUNCTION fx_purge_idempotency_keys(p_cutoff timestamptz)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < p_cutoff RETURNING 1)
  SELECT count(*)::int FROM gone
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_purge_idempotency_keys(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_purge_idempotency_keys(timestamptz) TO fenxiao_app;
--> statement-breakpoint

-- 6. A short code is reserved platform-wide before its link row exists (server/promotion/
--    short-links.ts draws, reserves, then inserts the link), so its reference to the link is
--    checked at commit rather than per statement.
ALTER TABLE short_codes ALTER CONSTRAINT short_codes_link_fk DEFERRABLE INITIALLY DEFERRED;
