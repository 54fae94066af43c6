/**
 * The demo brand's withdrawals, made through the real flow (identity → request → review →
 * payout), so the console's Withdrawal Approval, bank batches and tax report and the portal's
 * withdraw page show real rows on the first start. Called by the demo orders seed twice: before
 * the late refunds, the earners of those refunds withdraw what settled (some then owe: arrears);
 * after, a few top earners have withdrawals in each state of the queue.
 *
 * Deterministic: ID and card numbers are generated with valid checksums from a counter, and each
 * step is the service a person would trigger, with the brand owner as the approver.
 */
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributors, memberships } from "@/db/schema";
import { AppError } from "@/server/errors";
import { balancesOf } from "@/server/ledger/balances";
import { currentLegalVersions } from "@/server/legal/documents";
import { identityOf, submitIdentity } from "@/server/payouts/kyc/identity";
import { requestWithdrawal } from "./request";
import { approveWithdrawal, rejectWithdrawal } from "./review";
import { getPayoutSettings } from "./settings";
import { markPaid, markPaying } from "./transitions";

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳"];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A resident ID number (GB 11643) with a valid check character: Beijing Chaoyang, born 1990. */
export function demoIdNumber(n: number): string {
  const body = `110105199001${String((n % 28) + 1).padStart(2, "0")}${String(n % 1000).padStart(3, "0")}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i]!, 0);
  return body + "10X98765432"[sum % 11]!;
}

/** A 19-digit card number under China Merchants Bank's 622588 BIN that passes the Luhn check. */
export function demoBankCard(n: number): string {
  const body = `622588${String(n).padStart(12, "0")}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

async function ownerActor(tx: Tx) {
  const [m] = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.role, "owner")).limit(1);
  if (!m) throw new Error("demo withdrawals: the brand has no owner");
  return { type: "staff" as const, id: m.userId };
}

/** Gives the distributor verified payout details (as the portal form would), once. */
async function ensureIdentity(tx: Tx, d: { id: string; memberId: string; code: string }, n: number, consent: number, now: Date) {
  if (await identityOf(tx, d.id)) return;
  await submitIdentity(
    tx,
    { distributorId: d.id, memberId: d.memberId, ip: null, now },
    {
      realName: SURNAMES[n % 10]! + GIVEN[Math.floor(n / 10) % 10]!,
      idNumber: demoIdNumber(n),
      bankCard: demoBankCard(n),
      bankName: "招商银行",
      phone: `139${String(10_000_000 + n).slice(-8)}`,
      incomeType: "labour",
      sensitiveConsentVersion: consent,
    },
  );
}

export type DemoOutcome = "paid" | "approved" | "rejected" | "reviewing";

/**
 * Each listed distributor withdraws `share` of its available balance (to the yuan, within the
 * bank channel's range) to its bank card, and the withdrawal is taken to `outcome(i)`. A request
 * the rules refuse (an amount below the minimum, arrears) is skipped: the demo shows the rules.
 */
export async function demoWithdrawals(
  tx: Tx,
  tenantId: string,
  codes: string[],
  opts: { share: number; outcome: (i: number) => DemoOutcome; now: Date; seq: number },
): Promise<Record<DemoOutcome, number>> {
  const counts: Record<DemoOutcome, number> = { paid: 0, approved: 0, rejected: 0, reviewing: 0 };
  if (!codes.length) return counts;
  const rows = await tx.select({ id: distributors.id, memberId: distributors.memberId, code: distributors.code }).from(distributors).where(inArray(distributors.code, codes));
  const owner = await ownerActor(tx);
  const consent = (await currentLegalVersions(tx)).sensitive_info;
  const settings = await getPayoutSettings(tx);
  const bank = settings.channelLimits.bank;
  // The demo brand has one staff member: what it approves stays under the two-approver threshold.
  const oneApprover = Math.min(bank.maxFen, settings.dualApprovalFromFen - 100);
  const balances = await balancesOf(tx, rows.map((r) => r.id));
  let i = 0;
  for (const d of rows.sort((a, b) => a.code.localeCompare(b.code))) {
    const outcome = opts.outcome(i);
    const available = balances.get(d.id)?.availableFen ?? 0;
    const cap = outcome === "paid" || outcome === "approved" ? oneApprover : bank.maxFen;
    const amountFen = Math.min(Math.floor((available * opts.share) / 100) * 100, cap);
    if (amountFen < bank.minFen) continue;
    await ensureIdentity(tx, d, opts.seq + i, consent, opts.now);
    i++;
    try {
      const w = await requestWithdrawal(tx, tenantId, d.id, { channel: "bank", amountFen }, undefined, opts.now);
      if (outcome === "rejected") await rejectWithdrawal(tx, tenantId, w.id, "银行卡户名与实名不一致，请核对后重新申请 / The card holder's name does not match", owner, opts.now);
      else if (outcome !== "reviewing") {
        await approveWithdrawal(tx, tenantId, w.id, owner, opts.now);
        if (outcome === "paid") {
          await markPaying(tx, tenantId, w.id, owner, opts.now);
          await markPaid(tx, tenantId, w.id, { paidAt: opts.now, providerRef: `DEMO-BANK-${w.outBillNo}` }, { type: "provider", id: "bank" }, opts.now);
        }
      }
      counts[outcome]++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
  }
  return counts;
}
