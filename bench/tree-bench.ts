/**
 * Referral-tree reads through the app's own path: withTenant (role fenxiao_app, app.tenant_id
 * set, row-level security on) around the services in server/network/tree.ts. Each call is
 * timed twice: the whole transaction (begin, set_config, the service, commit — what a request
 * pays) and the service alone (what it costs inside an already open transaction, e.g. order
 * ingest resolving the commission chain).
 */
import type { Db, Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { childrenPage, commissionChain, teamCounts, teamPage } from "@/server/network/tree";
import type { LoadedTree } from "./load-tree";
import { summarize, timeCalls, type Summary } from "./stats";
import type { TreeShape } from "./tree-shape";

export interface TreeResult {
  name: string;
  targetMs: number;
  /** Which percentile the target applies to. */
  targetAt: "p99";
  /**
   * Which figure the target is judged on: "whole" for reads a request makes in its own
   * transaction (the team pages); "service" for the chain, which the app resolves inside a
   * transaction that is already open (order ingest, the detail page), where BEGIN / set_config /
   * COMMIT are not part of resolving it.
   */
  judged: "whole" | "service";
  whole: Summary;
  service: Summary;
}

export async function benchTree(
  db: Db,
  tenantId: string,
  shape: TreeShape,
  tree: LoadedTree,
  opts: { chainCalls: number; chainWarmup: number; teamRuns: number; random: () => number },
): Promise<TreeResult[]> {
  const inTenant = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenantId, fn);
  await checkAnswers(inTenant, shape, tree);

  /** Times `fn` as a whole transaction and, inside it, the service call alone. */
  const measure = async (runs: number, warmup: number, fn: (tx: Tx, i: number) => Promise<unknown>) => {
    const service: number[] = [];
    const whole = await timeCalls(runs, warmup, (i) =>
      inTenant(async (tx) => {
        const t0 = performance.now();
        await fn(tx, i);
        service.push(performance.now() - t0);
      }),
    );
    return { whole: summarize(whole), service: summarize(service.slice(warmup)) };
  };

  const n = tree.ids.length;
  // The chain is the hot path: warm it as long as a running app is warm (V8 tiers the code up
  // over the first ten thousand calls or so; before that the tail is the JIT, not the query).
  const chainWarmup = Math.max(200, opts.chainWarmup);
  const picks = Array.from({ length: opts.chainCalls + chainWarmup }, () => tree.ids[Math.floor(opts.random() * n)]!);
  const cp = tree.cityPartnerId;
  const page = { limit: 20, offset: 0 };
  return [
    { name: `commissionChain (random distributor, ${opts.chainCalls} calls)`, targetMs: 2, targetAt: "p99", judged: "service", ...(await measure(opts.chainCalls, chainWarmup, (tx, i) => commissionChain(tx, picks[i]!))) },
    { name: `teamCounts (city partner, ${opts.teamRuns} runs)`, targetMs: 50, targetAt: "p99", judged: "whole", ...(await measure(opts.teamRuns, 5, (tx) => teamCounts(tx, cp))) },
    { name: `teamPage first page of 20 (city partner, ${opts.teamRuns} runs)`, targetMs: 50, targetAt: "p99", judged: "whole", ...(await measure(opts.teamRuns, 5, (tx) => teamPage(tx, { distributorId: cp, ...page }))) },
    { name: `childrenPage first page of 20 (city partner, ${opts.teamRuns} runs)`, targetMs: 50, targetAt: "p99", judged: "whole", ...(await measure(opts.teamRuns, 5, (tx) => childrenPage(tx, { parentId: cp, ...page }))) },
  ];
}

/** A fast wrong answer is no result: check each service against the generated tree first. */
async function checkAnswers(inTenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, shape: TreeShape, tree: LoadedTree) {
  const n = tree.ids.length;
  const subtree = new Uint32Array(n).fill(1);
  for (let i = n - 1; i > 0; i--) if (shape.parent[i]! >= 0) subtree[shape.parent[i]!]! += subtree[i]!;
  const cpIndex = shape.cityPartner;
  const cpPath = tree.paths[cpIndex]!;
  const fail = (what: string) => {
    throw new Error(`bench: wrong answer from ${what}`);
  };

  const deepest = shape.depth.lastIndexOf(Math.max(...shape.depth));
  const chain = await inTenant((tx) => commissionChain(tx, tree.ids[deepest]!));
  const expected = tree.paths[deepest]!.split("/").filter(Boolean).reverse().slice(0, 3);
  if (chain.map((l) => l.id).join() !== expected.join()) fail("commissionChain");

  const counts = await inTenant((tx) => teamCounts(tx, tree.cityPartnerId));
  if (counts.total !== subtree[cpIndex]! - 1) fail("teamCounts");

  const team = await inTenant((tx) => teamPage(tx, { distributorId: tree.cityPartnerId, limit: 20, offset: 0 }));
  // Join order is index order, so the newest 20 of the team are its 20 highest indexes.
  const newest = tree.paths.flatMap((p, i) => (p.startsWith(cpPath) && i !== cpIndex ? [tree.ids[i]!] : [])).slice(-20).reverse();
  if (team.map((r) => r.id).join() !== newest.join()) fail("teamPage");

  const children = await inTenant((tx) => childrenPage(tx, { parentId: tree.cityPartnerId, limit: 20, offset: 0 }));
  if (children.total !== shape.childCount[cpIndex]) fail("childrenPage total");
  for (const c of children.items) {
    const i = tree.ids.indexOf(c.id);
    if (shape.parent[i] !== cpIndex || c.teamCount !== subtree[i]! - 1 || c.directCount !== shape.childCount[i]) {
      fail("childrenPage counts");
    }
  }
}
