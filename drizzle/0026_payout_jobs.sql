-- Payout jobs (issue 9, providers slice). Two platform functions, callable only outside a
-- tenant transaction, that read nothing but tenant ids:
-- 1. the brands with automatic payouts to drive (the sweeper and the cron job);
-- 2. the brand a provider callback's out-bill number belongs to (WeChat's notify URL carries
--    no brand; the out-bill number is unique per brand, so every match is returned and the
--    handler checks each brand's own payout attempt).
CREATE OR REPLACE FUNCTION fx_tenants_with_payout_work()
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT w.tenant_id FROM withdrawals w
   WHERE w.status IN ('approved', 'paying', 'waiting_confirmation')
     AND w.channel IN ('wechat', 'alipay', 'flexible')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fx_payout_tenants_of_bill(p_out_bill_no text)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT w.tenant_id FROM withdrawals w WHERE w.out_bill_no = p_out_bill_no
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_tenants_with_payout_work() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION fx_payout_tenants_of_bill(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_tenants_with_payout_work() TO fenxiao_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_payout_tenants_of_bill(text) TO fenxiao_app;
