-- The withdrawal timeline and the tax records are history: the runtime role may add rows, never
-- change or remove them (fx_secure_schema revokes UPDATE/DELETE on tables marked append-only).
COMMENT ON TABLE withdrawal_events IS 'fenxiao:append-only';
--> statement-breakpoint
COMMENT ON TABLE tax_withholdings IS 'fenxiao:append-only';
