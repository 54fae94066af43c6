-- A settled commission's link to its settlement journal is kept by its one writer, not by a key:
-- the sweep (server/settlement/sweep.ts) refuses to commit a run unless every journal its
-- commissions point at was inserted in the same transaction, and journals are never deleted.
-- The deferred key was one check per settled commission at COMMIT, about 14% of the sweep's
-- database CPU on the bench's brand (333,400 commissions: 15.6 s with it, 13.5 s without).
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_settle_journal_fk";
