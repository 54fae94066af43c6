-- Staff email tokens are used only through these functions: the runtime role may insert and
-- read tokens, but not update them, and has no UPDATE on users (0010). Each function consumes
-- the token with a conditional update, so of two concurrent uses exactly one succeeds.

CREATE OR REPLACE FUNCTION fx_reset_staff_password(p_token_hash text, p_password_hash text, p_now timestamptz)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user uuid;
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'fx_reset_staff_password is not available in a tenant transaction'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE staff_tokens SET used_at = p_now
    WHERE token_hash = p_token_hash AND purpose = 'password_reset'
      AND used_at IS NULL AND expires_at > p_now
    RETURNING user_id INTO v_user;
  IF v_user IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE users SET password_hash = p_password_hash WHERE id = v_user;
  -- Other reset links sent earlier die with this one, and every signed-in session ends.
  UPDATE staff_tokens SET used_at = p_now
    WHERE user_id = v_user AND purpose = 'password_reset' AND used_at IS NULL;
  DELETE FROM auth_sessions WHERE user_id = v_user;
  -- Following the emailed link proves the address, as verification would.
  INSERT INTO staff_email_verifications (user_id, verified_at) VALUES (v_user, p_now)
    ON CONFLICT (user_id) DO NOTHING;
  RETURN v_user;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fx_verify_staff_email(p_token_hash text, p_now timestamptz)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user uuid;
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'fx_verify_staff_email is not available in a tenant transaction'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE staff_tokens SET used_at = p_now
    WHERE token_hash = p_token_hash AND purpose = 'email_verify'
      AND used_at IS NULL AND expires_at > p_now
    RETURNING user_id INTO v_user;
  IF v_user IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO staff_email_verifications (user_id, verified_at) VALUES (v_user, p_now)
    ON CONFLICT (user_id) DO NOTHING;
  RETURN v_user;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_reset_staff_password(text, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_verify_staff_email(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_reset_staff_password(text, text, timestamptz) TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_verify_staff_email(text, timestamptz) TO fenxiao_app;
--> statement-breakpoint
-- fx_secure_schema revokes UPDATE / DELETE on tables marked append-only (0009).
COMMENT ON TABLE staff_tokens IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE staff_email_verifications IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE consents IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE legal_documents IS 'fenxiao:append-only';
--> statement-breakpoint
SELECT fx_secure_schema();
