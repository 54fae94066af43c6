-- fx_follow_short_link (0005) replaced fx_resolve_short_code; a platform function that nothing
-- calls is only attack surface.
DROP FUNCTION IF EXISTS fx_resolve_short_code(text);
