/**
 * The shape of a synthetic referral tree. Pure and seeded, so every run benchmarks the same
 * tree: a few roots, one city partner whose team is exactly `teamSize`, and everyone else
 * recruited by preferential attachment (a distributor who already recruited is likelier to
 * recruit again), which gives the long-tailed fan-out of real networks: most people bring no
 * one, a few bring hundreds.
 */

export interface TreeShape {
  /** parent[i] is the index of i's upline, -1 for a root. Parents always come before children. */
  parent: Int32Array;
  depth: Uint8Array;
  childCount: Uint32Array;
  /** Index of the city partner node. */
  cityPartner: number;
}

export function growTree(opts: {
  size: number;
  roots: number;
  teamSize: number;
  maxDepth: number;
  random: () => number;
}): TreeShape {
  const { size, roots, teamSize, maxDepth, random } = opts;
  // roots, then the city partner's upline and the city partner, then everyone else.
  if (size < roots + 2 + teamSize) throw new Error("growTree: size too small for the team");
  const parent = new Int32Array(size).fill(-1);
  const depth = new Uint8Array(size);
  const childCount = new Uint32Array(size);

  // Attachment pools: a node appears once when it joins (if it may still recruit) and once more
  // per recruit, so picking uniformly from a pool is picking proportionally to (1 + children).
  // The city partner's team has its own pool so it ends up with exactly `teamSize` people.
  const general: number[] = [];
  const team: number[] = [];

  /** i joins under p (-1: a root); p's pool weighs p up, and i may recruit into `ownPool`. */
  const add = (i: number, p: number, parentPool: number[], ownPool: number[]) => {
    parent[i] = p;
    depth[i] = p < 0 ? 0 : depth[p]! + 1;
    if (p >= 0) {
      childCount[p]!++;
      parentPool.push(p);
    }
    if (depth[i] < maxDepth) ownPool.push(i);
  };

  for (let i = 0; i < roots; i++) add(i, -1, general, general);
  add(roots, 0, general, general); // the city partner's upline, under the first root
  const cityPartner = roots + 1;
  add(cityPartner, roots, general, team);

  // Interleave both populations over time (index order is join order) in proportion to
  // what is left of each, so the team is not simply "the newest 10,000".
  let teamLeft = teamSize;
  let generalLeft = size - cityPartner - 1 - teamSize;
  for (let i = cityPartner + 1; i < size; i++) {
    const inTeam = random() * (teamLeft + generalLeft) < teamLeft;
    const pool = inTeam ? team : general;
    add(i, pool[Math.floor(random() * pool.length)]!, pool, pool);
    if (inTeam) teamLeft--;
    else generalLeft--;
  }
  return { parent, depth, childCount, cityPartner };
}
