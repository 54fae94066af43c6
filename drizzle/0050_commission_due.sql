-- Settlement no longer rewrites commissions' index entries (db/schema/orders.ts, commissionDue):
-- what may come due moves to its own table, kept by a trigger, and the two indexes on columns
-- settlement writes go.
CREATE TABLE "commission_due" (
	"tenant_id" uuid NOT NULL,
	"commission_id" uuid NOT NULL,
	"bucket" smallint NOT NULL,
	"settle_after" timestamp with time zone NOT NULL,
	CONSTRAINT "commission_due_pkey" PRIMARY KEY("tenant_id","commission_id")
);
--> statement-breakpoint
DROP INDEX "commissions_settle_journal_idx";--> statement-breakpoint
DROP INDEX "commissions_due_idx";--> statement-breakpoint
ALTER TABLE "commission_due" ADD CONSTRAINT "commission_due_commission_fk" FOREIGN KEY ("tenant_id","commission_id") REFERENCES "public"."commissions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_due_after_idx" ON "commission_due" USING btree ("tenant_id","settle_after");--> statement-breakpoint
CREATE INDEX "commission_due_bucket_idx" ON "commission_due" USING btree ("tenant_id","bucket","settle_after");--> statement-breakpoint
-- An earner's settlement bucket: one of 64 (SETTLEMENT_BUCKETS in server/settlement/buckets.ts).
CREATE OR REPLACE FUNCTION fx_settlement_bucket(p_distributor uuid) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((hashtext(p_distributor::text) & 2147483647) % 64)::smallint
$$;
--> statement-breakpoint
-- Every pending or held commission that gets (or changes) its settle-after time is queued, by
-- whichever path completed the order (an event, ingest of a completed order, an import, a bulk
-- seed). Held ones too: a release makes them pending without touching settle_after.
CREATE OR REPLACE FUNCTION fx_commission_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO commission_due (tenant_id, commission_id, bucket, settle_after)
  VALUES (NEW.tenant_id, NEW.id, fx_settlement_bucket(NEW.distributor_id), NEW.settle_after)
  ON CONFLICT (tenant_id, commission_id) DO UPDATE SET settle_after = excluded.settle_after;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER commissions_due_on_insert AFTER INSERT ON commissions FOR EACH ROW
  WHEN (NEW.settle_after IS NOT NULL AND NEW.status IN ('pending', 'held'))
  EXECUTE FUNCTION fx_commission_due();
--> statement-breakpoint
CREATE TRIGGER commissions_due_on_complete AFTER UPDATE OF settle_after ON commissions FOR EACH ROW
  WHEN (NEW.settle_after IS NOT NULL AND NEW.settle_after IS DISTINCT FROM OLD.settle_after AND NEW.status IN ('pending', 'held'))
  EXECUTE FUNCTION fx_commission_due();
--> statement-breakpoint
INSERT INTO commission_due (tenant_id, commission_id, bucket, settle_after)
SELECT tenant_id, id, fx_settlement_bucket(distributor_id), settle_after FROM commissions
WHERE settle_after IS NOT NULL AND status IN ('pending', 'held');
--> statement-breakpoint
-- Room on each page for the settled version of its rows, so the UPDATE stays on the page (HOT;
-- db/schema/orders.ts). Pages written from now on; existing ones as they are rewritten.
ALTER TABLE commissions SET (fillfactor = 50);
--> statement-breakpoint
-- As in 0009, over the queue: one index probe per brand with something due, kept to brands with
-- a pending commission among it (held ones wait for a decision, not for the sweep).
CREATE OR REPLACE FUNCTION fx_tenants_with_due_settlement(p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE t(tenant_id) AS (
    (SELECT q.tenant_id FROM commission_due q
      WHERE q.settle_after <= p_now
      ORDER BY q.tenant_id LIMIT 1)
    UNION ALL
    SELECT (SELECT q.tenant_id FROM commission_due q
             WHERE q.settle_after <= p_now AND q.tenant_id > t.tenant_id
             ORDER BY q.tenant_id LIMIT 1)
    FROM t WHERE t.tenant_id IS NOT NULL
  )
  SELECT t.tenant_id FROM t
  WHERE t.tenant_id IS NOT NULL
    AND EXISTS (
      SELECT 1 FROM commission_due q JOIN commissions c ON c.tenant_id = q.tenant_id AND c.id = q.commission_id
      WHERE q.tenant_id = t.tenant_id AND q.settle_after <= p_now AND c.status = 'pending')
$$;
