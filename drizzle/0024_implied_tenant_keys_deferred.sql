-- Commissions and postings now reach tenants through their order / journal (0023). Deleting a
-- brand deletes its distributors, rule versions and accounts directly, and its commissions and
-- postings one cascade later; these keys are checked at COMMIT, when both sides are gone, instead
-- of at the end of the cascade that removes the parent first. For every other statement they
-- guard exactly what they did, one commit later.
ALTER TABLE commissions ALTER CONSTRAINT commissions_distributor_fk DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE commissions ALTER CONSTRAINT commissions_rule_version_fk DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE commissions ALTER CONSTRAINT commissions_settle_journal_fk DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE ledger_postings ALTER CONSTRAINT ledger_postings_account_fk DEFERRABLE INITIALLY DEFERRED;
