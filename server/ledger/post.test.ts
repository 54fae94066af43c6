import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase, createTestTenant } from "@/db/testing/test-db";
import { tableStorage } from "@/db/testing/catalog";
import { chain } from "@/server/network/test-helpers";
import { outcomeOf } from "@/server/testing/outcomes";
import { brandAccount, credit, debit, distributorAccount, type JournalInput } from "./accounts";
import { balancesOf, balancesOfOne, ledgerSummary } from "./balances";
import { postJournals } from "./post";

let t: Database;
let tenantId: string;
let d1: string;
let d2: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await createTestTenant(t.db)).id;
  const [a, b] = await chain(t.db, tenantId, ["L1", "L2"]);
  d1 = a!.id;
  d2 = b!.id;
});
afterAll(async () => t.close());

let seq = 0;
const key = () => `test:${++seq}`;

function accrual(distributorId: string, amount: number, k = key()): JournalInput {
  return {
    kind: "accrual",
    idempotencyKey: k,
    causeType: "test",
    causeId: k,
    postings: [debit(brandAccount("commission_expense"), amount), credit(distributorAccount(distributorId, "pending"), amount)],
  };
}

describe("postJournals", () => {
  it("posts balanced journals, moves cached balances, and a replayed key posts nothing", async () => {
    const k = key();
    const first = await withTenant(t.db, tenantId, (tx) => postJournals(tx, tenantId, [accrual(d1, 1000, k)]));
    expect(first.posted.size).toBe(1);
    const again = await withTenant(t.db, tenantId, (tx) => postJournals(tx, tenantId, [accrual(d1, 1000, k)]));
    expect(again.duplicates).toEqual([k]);
    const b = await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d1));
    expect(b.pendingFen).toBe(1000);
  });

  it("moves a balance without touching an index: no index holds balance_fen, and pages keep room for the new row", async () => {
    // Either would make every balance move (each order's earners, each settlement) write an
    // entry into both of the table's indexes instead of a HOT update on the row's own page.
    const { indexDefs, options } = await tableStorage(t.db, "ledger_accounts");
    expect(indexDefs.length).toBeGreaterThan(0);
    for (const def of indexDefs) expect(def).not.toMatch(/\bbalance_fen\b/);
    expect(options).toContain("fillfactor=70");
  });

  it("refuses an overdraft through the balance CHECK and writes nothing", async () => {
    const k = key();
    const overdraw: JournalInput = {
      kind: "settlement",
      idempotencyKey: k,
      causeType: "test",
      causeId: k,
      postings: [debit(distributorAccount(d2, "pending"), 5), credit(distributorAccount(d2, "available"), 5)],
    };
    const before = await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d2));
    expect(await outcomeOf(withTenant(t.db, tenantId, (tx) => postJournals(tx, tenantId, [overdraw])))).toBe("CONFLICT");
    expect(await withTenant(t.db, tenantId, (tx) => balancesOfOne(tx, d2))).toEqual(before);
    const journals = await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select 1 from ledger_journals where idempotency_key = ${k}`));
    expect(rowsOf(journals)).toHaveLength(0);
  });

  it("throws before writing when a journal does not balance", async () => {
    const bad: JournalInput = { ...accrual(d1, 10), postings: [debit(brandAccount("commission_expense"), 10), credit(distributorAccount(d1, "pending"), 9)] };
    await expect(withTenant(t.db, tenantId, (tx) => postJournals(tx, tenantId, [bad]))).rejects.toThrow(/does not balance/);
  });

  it("the database itself refuses unbalanced postings and updates or deletes of the ledger", async () => {
    await withTenant(t.db, tenantId, (tx) => postJournals(tx, tenantId, [accrual(d1, 7)]));
    const [acct] = rowsOf<{ id: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select id from ledger_accounts where distributor_id = ${d1} and type = 'pending'`)),
    );
    const [journal] = rowsOf<{ id: string }>(
      await withTenant(t.db, tenantId, (tx) => tx.execute(sql`select id from ledger_journals order by id desc limit 1`)),
    );
    await expect(
      withTenant(t.db, tenantId, (tx) =>
        tx.execute(sql`insert into ledger_postings (tenant_id, id, journal_id, account_id, account_type, distributor_id, amount_fen)
          values (${tenantId}, gen_random_uuid(), ${journal!.id}, ${acct!.id}, 'pending', ${d1}, -3)`),
      ),
    ).rejects.toThrow();
    await expect(withTenant(t.db, tenantId, (tx) => tx.execute(sql`update ledger_postings set amount_fen = amount_fen + 1`))).rejects.toThrow();
    await expect(withTenant(t.db, tenantId, (tx) => tx.execute(sql`delete from ledger_postings`))).rejects.toThrow();
    await expect(withTenant(t.db, tenantId, (tx) => tx.execute(sql`delete from ledger_journals`))).rejects.toThrow();
  });

  it("keeps the trial balance at zero and cached balances equal to the sum of postings (property)", async () => {
    const other = await createTestTenant(t.db);
    const [x, y] = await chain(t.db, other.id, ["P1", "P2"]);
    const ids = [x!.id, y!.id];
    // A random walk of accruals, settlements and clawbacks that never overdraws (checked first).
    const step = fc.record({ who: fc.integer({ min: 0, max: 1 }), kind: fc.constantFrom("accrue", "settle", "claw"), amount: fc.integer({ min: 1, max: 5000 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await withTenant(t.db, other.id, async (tx) => {
          const journals: JournalInput[] = [];
          const bal = await balancesOf(tx, ids);
          // A clawback never exceeds what was earned: the expense it reverses.
          const earned = new Map(ids.map((id) => [id, 0]));
          for (const s of steps) {
            const id = ids[s.who]!;
            const b = bal.get(id)!;
            const k = key();
            if (s.kind === "accrue") {
              journals.push(accrual(id, s.amount, k));
              b.pendingFen += s.amount;
              earned.set(id, earned.get(id)! + s.amount);
            } else if (s.kind === "settle") {
              const amt = Math.min(s.amount, b.pendingFen);
              if (!amt) continue;
              journals.push({ kind: "settlement", idempotencyKey: k, causeType: "test", causeId: k, postings: [debit(distributorAccount(id, "pending"), amt), credit(distributorAccount(id, "available"), amt)] });
              b.pendingFen -= amt;
              b.availableFen += amt;
            } else {
              const amount = Math.min(s.amount, earned.get(id)!);
              if (!amount) continue;
              earned.set(id, earned.get(id)! - amount);
              const fromAvail = Math.min(amount, b.availableFen);
              journals.push({
                kind: "refund",
                idempotencyKey: k,
                causeType: "test",
                causeId: k,
                postings: [
                  debit(distributorAccount(id, "available"), fromAvail),
                  debit(distributorAccount(id, "arrears"), amount - fromAvail),
                  credit(brandAccount("commission_expense"), amount),
                ],
              });
              b.availableFen -= fromAvail;
              b.arrearsFen += amount - fromAvail;
            }
          }
          await postJournals(tx, other.id, journals);
          expect(await balancesOf(tx, ids)).toEqual(bal);
          const summed = rowsOf<{ distributor_id: string; account_type: string; s: string }>(
            await tx.execute(sql`select p.distributor_id, p.account_type, sum(p.amount_fen) as s from ledger_postings p where p.distributor_id is not null group by 1, 2`),
          );
          for (const r of summed) {
            const b = bal.get(r.distributor_id)!;
            const field = `${r.account_type}Fen` as keyof typeof b;
            const sign = r.account_type === "arrears" ? 1 : -1;
            expect(sign * Number(r.s) || 0).toBe(b[field]);
          }
          const summary = await ledgerSummary(tx);
          expect(summary.imbalanceFen).toBe(0);
          for (const v of Object.values(summary.accounts)) expect(v).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 25 },
    );
  });
});
