-- Tenant isolation: the runtime role, row-level security on every tenant table, and the small
-- named set of platform functions that may cross tenants. See DESIGN.md "Database and tenancy".

-- The runtime role: not superuser, not BYPASSRLS, owns nothing. Its login password (if any) is
-- set by db/migrate.ts from APP_DB_PASSWORD, never committed.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fenxiao_app') THEN
    CREATE ROLE fenxiao_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint

-- Idempotent: enables + forces RLS and the tenant policy on every table that has tenant_id,
-- and grants the runtime role DML on all tables. db/migrate.ts calls it after every migration
-- run, so a table added later cannot be forgotten (the isolation test double-checks).
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
  -- The audit log is append-only for the runtime role.
  REVOKE UPDATE, DELETE ON audit_logs FROM fenxiao_app;
END $$;
--> statement-breakpoint

-- Platform function: API key candidates by public prefix (the tenant is not known yet).
CREATE OR REPLACE FUNCTION fx_api_keys_by_prefix(p_prefix text)
RETURNS TABLE (tenant_id uuid, id uuid, key_hash text, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.tenant_id, k.id, k.key_hash, k.revoked_at FROM api_keys k WHERE k.prefix = p_prefix
$$;
--> statement-breakpoint

-- Platform function: the brands a staff user belongs to (login, brand switcher).
CREATE OR REPLACE FUNCTION fx_user_brands(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, slug text, name text, role staff_role)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.tenant_id, t.slug, t.name, m.role
  FROM memberships m JOIN tenants t ON t.id = m.tenant_id
  WHERE m.user_id = p_user_id
  ORDER BY t.name
$$;
--> statement-breakpoint

REVOKE ALL ON FUNCTION fx_api_keys_by_prefix(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_user_brands(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_api_keys_by_prefix(text) TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_user_brands(uuid) TO fenxiao_app;
--> statement-breakpoint
SELECT fx_secure_schema();
