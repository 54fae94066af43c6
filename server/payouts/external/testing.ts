/** Test helpers: money in a distributor's accounts through balanced journals (never by UPDATE). */
import { uuidv7 } from "uuidv7";
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { brandAccount, credit, debit, distributorAccount } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";

/** Commission settled to `available` (as if earned and settled). */
export async function fundAvailable(db: Db, tenantId: string, distributorId: string, fen: number) {
  const key = `test-fund:${uuidv7()}`;
  await withTenant(db, tenantId, (tx) =>
    postJournals(tx, tenantId, [
      {
        kind: "adjustment",
        idempotencyKey: key,
        causeType: "test",
        causeId: key,
        postings: [debit(brandAccount("commission_expense"), fen), credit(distributorAccount(distributorId, "available"), fen)],
      },
    ]),
  );
}

/** Arrears the distributor owes back (a clawback it could not cover). */
export async function oweArrears(db: Db, tenantId: string, distributorId: string, fen: number) {
  const key = `test-arrears:${uuidv7()}`;
  await withTenant(db, tenantId, (tx) =>
    postJournals(tx, tenantId, [
      {
        kind: "adjustment",
        idempotencyKey: key,
        causeType: "test",
        causeId: key,
        postings: [debit(distributorAccount(distributorId, "arrears"), fen), credit(brandAccount("commission_expense"), fen)],
      },
    ]),
  );
}

/** Arrears cleared (the brand writes them off). */
export async function clearArrears(db: Db, tenantId: string, distributorId: string, fen: number) {
  const key = `test-clear:${uuidv7()}`;
  await withTenant(db, tenantId, (tx) =>
    postJournals(tx, tenantId, [
      {
        kind: "adjustment",
        idempotencyKey: key,
        causeType: "test",
        causeId: key,
        postings: [debit(brandAccount("commission_expense"), fen), credit(distributorAccount(distributorId, "arrears"), fen)],
      },
    ]),
  );
}
