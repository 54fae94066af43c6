-- The platform tables tenants and short_codes have no tenant_id, so RLS cannot scope them: a
-- runtime role with DML on them could rename, create or delete any brand, or re-point or drop
-- any brand's short codes. The writes the app needs become functions that act only on the
-- transaction's own tenant, and the runtime role keeps only SELECT on both tables.

CREATE OR REPLACE FUNCTION fx_create_tenant(p_id uuid, p_slug text, p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- Signup creates a brand before any tenant is chosen; a brand's own transaction may not.
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'fx_create_tenant is not available in a tenant transaction'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO tenants (id, slug, name) VALUES (p_id, p_slug, p_name);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fx_rename_tenant(p_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'fx_rename_tenant needs a tenant transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE tenants SET name = p_name WHERE id = v_tenant;
END $$;
--> statement-breakpoint
-- Registers the code of one of the transaction's own short links platform-wide. False when the
-- code is already taken (by any brand) or the link is not this tenant's.
CREATE OR REPLACE FUNCTION fx_register_short_code(p_link_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'fx_register_short_code needs a tenant transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO short_codes (code, tenant_ref, link_id)
    SELECT l.code, l.tenant_id, l.id FROM short_links l WHERE l.tenant_id = v_tenant AND l.id = p_link_id
  ON CONFLICT (code) DO NOTHING;
  RETURN FOUND;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_create_tenant(uuid, text, text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_rename_tenant(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_register_short_code(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_create_tenant(uuid, text, text) TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_rename_tenant(text) TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_register_short_code(uuid) TO fenxiao_app;
--> statement-breakpoint

-- As in 0007, plus: tenants and short_codes are read-only for the runtime role.
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
