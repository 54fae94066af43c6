-- Password hashes leave the users table only through fx_staff_credentials, and never inside a
-- tenant transaction: the runtime role keeps SELECT on the other columns of users, and loses
-- UPDATE / DELETE on it (nothing in the app changes or deletes a login).

CREATE OR REPLACE FUNCTION fx_staff_credentials(p_email text)
RETURNS TABLE (id uuid, email text, name text, password_hash text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- Sign-in runs before any brand is chosen; a tenant transaction asking for a hash is a bug
  -- (or an injection) and gets nothing.
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'fx_staff_credentials is not available in a tenant transaction'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    SELECT u.id, u.email, u.name, u.password_hash FROM users u WHERE lower(u.email) = lower(p_email);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_staff_credentials(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_staff_credentials(text) TO fenxiao_app;
--> statement-breakpoint

-- As in 0001, plus the users column grants. db/migrate.ts calls it after every migration run.
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
END $$;
--> statement-breakpoint
SELECT fx_secure_schema();
