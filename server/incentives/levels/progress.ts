/**
 * Progress to the next level ("¥3,200 of ¥5,000 GMV to level A"): pure maths over the levels and
 * the distributor's figures, and the service that reads them.
 */
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors, levelChanges } from "@/db/schema";
import { desc } from "drizzle-orm";
import { hasThreshold, type LevelRule } from "@/server/network/levels-rules";
import { figuresOf, type LevelFiguresNow } from "./evaluate";

export type LevelMetric = "gmv" | "orders" | "customers";

export interface LevelCondition {
  metric: LevelMetric;
  current: number;
  target: number;
  met: boolean;
}

/**
 * The next level above `currentRank` that sales can reach, and how far each of its conditions
 * is. A level without thresholds is given by hand (evaluate.ts), so it is passed over.
 */
export function progressToNext<L extends LevelRule & { name: string }>(levels: L[], currentRank: number | null, f: LevelFiguresNow) {
  const next = [...levels].sort((a, b) => a.rank - b.rank).find((l) => (currentRank === null || l.rank > currentRank) && hasThreshold(l));
  if (!next) return null;
  const conditions: LevelCondition[] = [];
  const add = (metric: LevelMetric, target: number | null, current: number) => {
    if (target !== null) conditions.push({ metric, current, target, met: current >= target });
  };
  add("gmv", next.minGmvFen, f.gmvFen);
  add("orders", next.minOrders, f.orderCount);
  add("customers", next.minDirectCustomers, f.directCustomerCount);
  return { level: { name: next.name, rank: next.rank }, conditions };
}

export async function levelProgress(tx: Tx, distributorId: string, now = new Date()) {
  const levels = (await tx.select().from(distributorLevels).orderBy(asc(distributorLevels.rank))).map((l) => ({
    ...l,
    minGmvFen: l.minGmvFen === null ? null : Number(l.minGmvFen),
  }));
  const [d] = await tx.select({ levelId: distributors.levelId }).from(distributors).where(eq(distributors.id, distributorId));
  const current = levels.find((l) => l.id === d?.levelId) ?? null;
  const figures = await figuresOf(tx, distributorId, now);
  const history = await tx
    .select({
      direction: levelChanges.direction,
      toLevelId: levelChanges.toLevelId,
      gmvFen: levelChanges.gmvFen,
      orderCount: levelChanges.orderCount,
      directCustomerCount: levelChanges.directCustomerCount,
      createdAt: levelChanges.createdAt,
    })
    .from(levelChanges)
    .where(eq(levelChanges.distributorId, distributorId))
    .orderBy(desc(levelChanges.createdAt))
    .limit(20);
  const nameOf = new Map(levels.map((l) => [l.id, l.name]));
  return {
    current: current ? { name: current.name, rank: current.rank } : null,
    figures,
    next: progressToNext(levels, current?.rank ?? null, figures),
    history: history.map((h) => ({ ...h, gmvFen: Number(h.gmvFen), toLevel: nameOf.get(h.toLevelId) ?? "" })),
  };
}
