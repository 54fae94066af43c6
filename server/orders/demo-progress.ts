/**
 * How far the demo brand's order seed got (demo-orders.ts), recorded in the brand's audit log in
 * the same transaction as each step it marks, so a first start stopped halfway (Ctrl-C during
 * the minute it takes) resumes on the next start instead of leaving a demo without its refunds,
 * settlement and withdrawals. The seed is deterministic given its time, count and the network's
 * referral codes: "started" keeps all three, and a resume remakes the same orders (ingest answers
 * the ones already in as existing; refunds and settlement are idempotent). Withdrawals are not,
 * so each withdrawal step is marked with the step itself.
 */
import { createHash } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { audit } from "@/server/tenancy/audit";

const SYSTEM = { type: "system", id: null } as const;

export interface DemoStart {
  now: string;
  count: number;
  /** sha256 of the referral codes the orders were made for, in order. */
  codes: string;
}

export interface DemoProgress {
  started: DemoStart | null;
  paidOut: boolean;
  finished: boolean;
}

const MARKS = ["demo.orders_started", "demo.orders_paid_out", "demo.orders_finished"] as const;

export const codesDigest = (codes: readonly string[]) => createHash("sha256").update(codes.join("\n")).digest("hex");

export async function demoProgress(tx: Tx): Promise<DemoProgress> {
  const rows = await tx.select({ action: auditLogs.action, data: auditLogs.data }).from(auditLogs).where(inArray(auditLogs.action, [...MARKS]));
  const start = rows.find((r) => r.action === "demo.orders_started")?.data as DemoStart | undefined;
  return {
    started: start ?? null,
    paidOut: rows.some((r) => r.action === "demo.orders_paid_out"),
    finished: rows.some((r) => r.action === "demo.orders_finished"),
  };
}

export function markDemo(tx: Tx, action: (typeof MARKS)[number], data?: DemoStart) {
  return audit(tx, SYSTEM, { action, ...(data ? { data: { ...data } } : {}) });
}
