-- Subtree reads (team counts, team pages, per-child team sizes) become index-only scans: the
-- path index also carries what they read, so a 10,000-person team is counted or paged without
-- visiting 10,000 scattered heap rows. Same name and key as before; drizzle's index builder
-- cannot express INCLUDE, hence a custom migration (db/schema/distributors.ts points here).
-- On a large live table, build it with CREATE INDEX CONCURRENTLY by hand before deploying.
DROP INDEX IF EXISTS "distributors_path_idx";
--> statement-breakpoint
CREATE INDEX "distributors_path_idx" ON "distributors" USING btree ("tenant_id", "path" text_pattern_ops) INCLUDE ("depth", "status", "applied_at", "id");
