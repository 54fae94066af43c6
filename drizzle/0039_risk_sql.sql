-- The shared cross-brand risk list (issue 10, DOMAIN.md §7). risk_shared_entries has no
-- tenant_id, so RLS cannot scope it: the runtime role gets no privilege on it at all, and a
-- brand reaches it only through the functions below, which act for the transaction's own
-- tenant and only when that brand's risk_settings opt in. Tables marked
-- 'fenxiao:functions-only' lose every privilege in fx_secure_schema (redefined below).

-- Adds the transaction's brand's entries ([{id, kind, hash, category}], hashes under the
-- platform key). Nothing when the brand has not opted in to contribute. Returns rows added.
CREATE OR REPLACE FUNCTION fx_risk_shared_contribute(p_entries jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_count integer;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'fx_risk_shared_contribute needs a tenant transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM risk_settings s WHERE s.tenant_id = v_tenant AND s.share_contribute) THEN
    RETURN 0;
  END IF;
  INSERT INTO risk_shared_entries (id, kind, value_hash, contributor_tenant_id, reason_category)
    SELECT x.id, x.kind::risk_list_kind, x.hash, v_tenant, x.category::risk_reason_category
    FROM jsonb_to_recordset(p_entries) AS x(id uuid, kind text, hash text, category text)
    WHERE x.kind <> 'ip_range'
  ON CONFLICT (kind, value_hash, contributor_tenant_id) DO NOTHING;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;
--> statement-breakpoint
-- Withdraws the transaction's brand's own entry (when it removes it from its blacklist).
CREATE OR REPLACE FUNCTION fx_risk_shared_withdraw(p_kind text, p_hash text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_count integer;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'fx_risk_shared_withdraw needs a tenant transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM risk_shared_entries
    WHERE contributor_tenant_id = v_tenant AND kind = p_kind::risk_list_kind AND value_hash = p_hash;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;
--> statement-breakpoint
-- Which of the given platform-keyed hashes ([{k, h}]) other brands listed: per hash, the first
-- listing's date and reason category. Never who listed it. Empty unless the transaction's brand
-- opted in to consume; its own contributions are left out (its own list already has them).
CREATE OR REPLACE FUNCTION fx_risk_shared_match(p_items jsonb)
RETURNS TABLE (kind risk_list_kind, value_hash text, listed_at timestamptz, reason_category risk_reason_category)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'fx_risk_shared_match needs a tenant transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM risk_settings s WHERE s.tenant_id = v_tenant AND s.share_consume) THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT DISTINCT ON (e.kind, e.value_hash) e.kind, e.value_hash, e.listed_at, e.reason_category
    FROM (SELECT DISTINCT x.k, x.h FROM jsonb_to_recordset(p_items) AS x(k text, h text)) q
    JOIN risk_shared_entries e ON e.kind = q.k::risk_list_kind AND e.value_hash = q.h
    WHERE e.contributor_tenant_id <> v_tenant
    ORDER BY e.kind, e.value_hash, e.listed_at;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_risk_shared_contribute(jsonb) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_risk_shared_withdraw(text, text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_risk_shared_match(jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_risk_shared_contribute(jsonb) TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_risk_shared_withdraw(text, text) TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_risk_shared_match(jsonb) TO fenxiao_app;
--> statement-breakpoint
COMMENT ON TABLE risk_shared_entries IS 'fenxiao:functions-only';
--> statement-breakpoint
-- As in 0013, plus: tables marked 'fenxiao:functions-only' keep no privilege for the runtime role.
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
      -- ALTER TABLE takes an exclusive lock: only where something is missing, so a migrate on a
      -- live database (or beside running tests) does not queue behind, and deadlock with, traffic.
      AND NOT (c.relrowsecurity AND c.relforcerowsecurity AND EXISTS (
        SELECT 1 FROM pg_policies p
        WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.policyname = 'tenant_isolation'))
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
  -- Append-only tables (audit log, ledger, rule versions) are marked by a comment (0009).
  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND obj_description(c.oid, 'pg_class') = 'fenxiao:append-only'
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM fenxiao_app', r.relname);
  END LOOP;
  -- Platform tables reached only through SECURITY DEFINER functions (the shared risk list).
  FOR r IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND obj_description(c.oid, 'pg_class') = 'fenxiao:functions-only'
  LOOP
    EXECUTE format('REVOKE ALL ON %I FROM fenxiao_app', r.relname);
  END LOOP;
  -- Logins: created by signup / invitations, never changed or read whole by the runtime role.
  -- (Revoking table-level SELECT also drops column grants, so they are granted afresh.)
  REVOKE SELECT, UPDATE, DELETE ON users FROM fenxiao_app;
  GRANT SELECT (id, email, name, created_at) ON users TO fenxiao_app;
  -- Brands and short-code routing: written only through fx_create_tenant, fx_rename_tenant
  -- and fx_register_short_code.
  REVOKE INSERT, UPDATE, DELETE ON tenants, short_codes FROM fenxiao_app;
END $$;
--> statement-breakpoint
SELECT fx_secure_schema();
