/** Level upgrade evaluation (DOMAIN.md §8). Pure. */
export interface LevelRule {
  id: string;
  rank: number;
  minGmvFen: number | null;
  minOrders: number | null;
  minDirectCustomers: number | null;
}

export interface LevelFigures {
  gmvFen: number;
  orderCount: number;
  directCustomerCount: number;
}

/** Sales can reach it: a level without any threshold is assigned by hand (or as the entry level). */
export function hasThreshold(level: Pick<LevelRule, "minGmvFen" | "minOrders" | "minDirectCustomers">): boolean {
  return level.minGmvFen !== null || level.minOrders !== null || level.minDirectCustomers !== null;
}

export function meetsLevel(level: LevelRule, f: LevelFigures): boolean {
  return (
    (level.minGmvFen === null || f.gmvFen >= level.minGmvFen) &&
    (level.minOrders === null || f.orderCount >= level.minOrders) &&
    (level.minDirectCustomers === null || f.directCustomerCount >= level.minDirectCustomers)
  );
}

/**
 * The level a distributor should hold: the highest-ranked level whose conditions are all met.
 * Without demotion, a distributor never drops below its current level.
 */
export function evaluateLevel<L extends LevelRule>(
  levels: L[],
  figures: LevelFigures,
  current: L | null,
  allowDemotion = false,
): L | null {
  const earned = [...levels].sort((a, b) => b.rank - a.rank).find((l) => meetsLevel(l, figures)) ?? null;
  if (allowDemotion || !current) return earned;
  return earned && earned.rank > current.rank ? earned : current;
}

/**
 * The level a newly approved distributor starts at: the lowest-ranked level whose conditions
 * its figures meet (the entry level), or none when no level's conditions are met. Starting at
 * the bottom and earning the rest through reevaluation is the program's promise to everyone
 * else; an applicant who arrives with figures (a spend-threshold customer) is upgraded by the
 * next reevaluation like anyone.
 */
export function entryLevel<L extends LevelRule>(levels: L[], figures: LevelFigures): L | null {
  return [...levels].sort((a, b) => a.rank - b.rank).find((l) => meetsLevel(l, figures)) ?? null;
}
