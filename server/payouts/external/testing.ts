/** Test helpers: money in a distributor's accounts through balanced journals (never by UPDATE). */
import { uuidv7 } from "uuidv7";
import type { Db } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { brandAccount, credit, debit, distributorAccount, type PostingInput } from "@/server/ledger/accounts";
import { postJournals } from "@/server/ledger/post";

/** One adjustment journal in its own transaction, keyed `<prefix>:<uuid>`. */
async function adjust(db: Db, tenantId: string, prefix: string, postings: PostingInput[]) {
  const key = `${prefix}:${uuidv7()}`;
  await withTenant(db, tenantId, (tx) =>
    postJournals(tx, tenantId, [{ kind: "adjustment", idempotencyKey: key, causeType: "test", causeId: key, postings }]),
  );
}

const expense = brandAccount("commission_expense");

/** Commission settled to `available` (as if earned and settled). */
export const fundAvailable = (db: Db, tenantId: string, distributorId: string, fen: number) =>
  adjust(db, tenantId, "test-fund", [debit(expense, fen), credit(distributorAccount(distributorId, "available"), fen)]);

/** Arrears the distributor owes back (a clawback it could not cover). */
export const oweArrears = (db: Db, tenantId: string, distributorId: string, fen: number) =>
  adjust(db, tenantId, "test-arrears", [debit(distributorAccount(distributorId, "arrears"), fen), credit(expense, fen)]);

/** Arrears cleared (the brand writes them off). */
export const clearArrears = (db: Db, tenantId: string, distributorId: string, fen: number) =>
  adjust(db, tenantId, "test-clear", [debit(expense, fen), credit(distributorAccount(distributorId, "arrears"), fen)]);
