-- Every order moves its earners' pending balances and every settlement their pending and
-- available ones: an UPDATE of balance_fen, a column no index holds. Packed full (the default),
-- the new version of a row did not fit on its page, so each move also wrote an entry into both
-- of the table's indexes (4 WAL records a move instead of 1; 225 ms of a settlement chunk's
-- 520 ms ledger statement for 12,162 accounts). With 30% of each page free the move is a HOT
-- update that stays on the page; pages written before this fill up as they are rewritten.
-- Measured on the bench's brand: the sweep's database CPU 13.3 s → 12.5 s for 333,400 commissions.
ALTER TABLE ledger_accounts SET (fillfactor = 70);
