-- Short links redirect only to a landing URL whose host the brand has verified; the function
-- now also returns the verified host, and server/promotion/landing.ts decides (with the URL
-- parser, not SQL string surgery). The return type changes, so the function is recreated.
DROP FUNCTION IF EXISTS fx_follow_short_link(text, uuid, text, text, text, text);
--> statement-breakpoint
CREATE FUNCTION fx_follow_short_link(
  p_code text, p_click_id uuid, p_device_id text, p_ip_hash text, p_user_agent text, p_via text)
RETURNS TABLE (landing_url text, landing_verified_host text, brand_slug text,
               distributor_code text, product_sku text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
BEGIN
  SELECT l.tenant_id, l.id AS link_id, l.distributor_id, d.code, d.status,
         s.landing_url AS landing, s.landing_verified_host AS verified, t.slug, p.sku
    INTO r
    FROM short_codes c
    JOIN short_links l ON l.tenant_id = c.tenant_ref AND l.id = c.link_id
    JOIN distributors d ON d.tenant_id = l.tenant_id AND d.id = l.distributor_id
    JOIN brand_settings s ON s.tenant_id = l.tenant_id
    JOIN tenants t ON t.id = l.tenant_id
    LEFT JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
   WHERE c.code = p_code;
  IF NOT FOUND OR r.status <> 'active' THEN
    RETURN;
  END IF;
  INSERT INTO link_clicks (tenant_id, id, short_link_id, distributor_id, device_id, ip_hash, user_agent, via)
  VALUES (r.tenant_id, p_click_id, r.link_id, r.distributor_id, p_device_id, p_ip_hash, p_user_agent, p_via);
  landing_url := r.landing;
  landing_verified_host := r.verified;
  brand_slug := r.slug;
  distributor_code := r.code;
  product_sku := r.sku;
  RETURN NEXT;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_follow_short_link(text, uuid, text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_follow_short_link(text, uuid, text, text, text, text) TO fenxiao_app;
--> statement-breakpoint
-- Values saved before only web addresses were accepted (javascript:, file:, data:, …) are
-- dropped; the brand re-enters a web address.
UPDATE brand_settings SET logo_url = NULL WHERE logo_url IS NOT NULL AND logo_url !~* '^https?://';
--> statement-breakpoint
UPDATE brand_settings SET landing_url = NULL WHERE landing_url IS NOT NULL AND landing_url !~* '^https?://';
