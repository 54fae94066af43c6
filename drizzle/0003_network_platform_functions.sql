-- Platform function: resolve a short-link code before the tenant is known (the redirect).
-- Returns the link, its distributor and product, and the brand's landing URL in one call.
CREATE OR REPLACE FUNCTION fx_resolve_short_code(p_code text)
RETURNS TABLE (tenant_id uuid, link_id uuid, distributor_id uuid, product_id uuid,
               distributor_code text, distributor_status distributor_status,
               landing_url text, brand_slug text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT l.tenant_id, l.id, l.distributor_id, l.product_id, d.code, d.status,
         s.landing_url, t.slug
  FROM short_codes c
  JOIN short_links l ON l.tenant_id = c.tenant_ref AND l.id = c.link_id
  JOIN distributors d ON d.tenant_id = l.tenant_id AND d.id = l.distributor_id
  JOIN brand_settings s ON s.tenant_id = l.tenant_id
  JOIN tenants t ON t.id = l.tenant_id
  WHERE c.code = p_code
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_resolve_short_code(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_resolve_short_code(text) TO fenxiao_app;
--> statement-breakpoint
SELECT fx_secure_schema();
