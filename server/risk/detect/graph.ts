/**
 * The graph arithmetic of the nightly detection (issue 10 item 5). Pure: no database.
 *
 * Clusters: members (distributors and buyers are both members) are joined when they share an
 * identifier — a device, a receiver phone, a shipping address, a bank card. A connected
 * component of at least `minMembers` is a cluster: one person (or one farm) behind many
 * accounts. Union–find, near-linear in the number of links.
 *
 * Rings: the "bought through" graph has an edge from distributor X to distributor Y when X's
 * own member bought through Y. Commission flowing round a cycle of it is the ring pattern.
 * Tarjan's strongly connected components find every cycle's nodes in linear time; for each
 * component one shortest cycle (breadth-first, at most `maxLength` long) is kept as evidence.
 * An honest tree, where buying only ever goes one way between two distributors, has none.
 */

export type LinkKind = "device" | "phone" | "address" | "card";

export interface Link {
  node: string;
  kind: LinkKind;
  /** A keyed hash: the graph never sees a raw identifier. */
  value: string;
}

export interface Cluster {
  /** Sorted, so the same component always reads the same. */
  nodes: string[];
  /** The identifiers that join it, each with how many of its nodes share it. */
  shared: { kind: LinkKind; value: string; nodes: number }[];
}

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (!this.parent.has(x)) this.parent.set(x, x);
    // Path compression keeps later finds near constant.
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

export function findClusters(links: Link[], minMembers: number): Cluster[] {
  const byValue = new Map<string, { kind: LinkKind; value: string; nodes: Set<string> }>();
  for (const l of links) {
    const key = `${l.kind}:${l.value}`;
    let v = byValue.get(key);
    if (!v) byValue.set(key, (v = { kind: l.kind, value: l.value, nodes: new Set() }));
    v.nodes.add(l.node);
  }
  const uf = new UnionFind();
  for (const v of byValue.values()) {
    const [first, ...rest] = v.nodes;
    uf.find(first!);
    for (const n of rest) uf.union(first!, n);
  }
  const comps = new Map<string, Cluster>();
  for (const v of byValue.values()) {
    if (v.nodes.size < 2) continue; // an identifier only one member uses joins nobody
    const root = uf.find(v.nodes.values().next().value!);
    let c = comps.get(root);
    if (!c) comps.set(root, (c = { nodes: [], shared: [] }));
    c.shared.push({ kind: v.kind, value: v.value, nodes: v.nodes.size });
  }
  const members = new Map<string, Set<string>>();
  for (const v of byValue.values()) {
    for (const n of v.nodes) {
      const root = uf.find(n);
      if (!comps.has(root)) continue;
      let s = members.get(root);
      if (!s) members.set(root, (s = new Set()));
      s.add(n);
    }
  }
  const out: Cluster[] = [];
  for (const [root, c] of comps) {
    c.nodes = [...members.get(root)!].sort();
    if (c.nodes.length < minMembers) continue;
    c.shared.sort((a, b) => b.nodes - a.nodes || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
    out.push(c);
  }
  return out.sort((a, b) => b.nodes.length - a.nodes.length || a.nodes[0]!.localeCompare(b.nodes[0]!));
}

export interface Edge {
  from: string;
  to: string;
}

export interface Ring {
  /** Every distributor of the strongly connected component, sorted. */
  nodes: string[];
  /** One shortest cycle through it, starting at its smallest node (evidence for the reviewer). */
  cycle: string[];
}

/** Tarjan's algorithm, iterative (a long chain must not overflow the stack). */
function stronglyConnected(adj: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const start of adj.keys()) {
    if (idx.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const next = adj.get(frame.v) ?? [];
      if (frame.i < next.length) {
        const w = next[frame.i++]!;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(frame.v)!));
      if (low.get(frame.v) === idx.get(frame.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.v);
        out.push(comp);
      }
    }
  }
  return out;
}

/** The shortest cycle through `start` inside `within`, at most `maxLength` edges, or null. */
function shortestCycle(adj: Map<string, string[]>, start: string, within: Set<string>, maxLength: number): string[] | null {
  const prev = new Map<string, string>();
  let frontier = [start];
  for (let depth = 1; depth <= maxLength && frontier.length; depth++) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const w of adj.get(v) ?? []) {
        if (!within.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
          return path;
        }
        if (prev.has(w)) continue;
        prev.set(w, v);
        next.push(w);
      }
    }
    frontier = next;
  }
  return null;
}

export function findRings(edges: Edge[], maxLength: number): Ring[] {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (e.from === e.to) continue; // buying through oneself is self-purchase, checked at ingest
    const list = adj.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    adj.set(e.from, list);
    if (!adj.has(e.to)) adj.set(e.to, []);
  }
  for (const list of adj.values()) list.sort();
  const rings: Ring[] = [];
  for (const comp of stronglyConnected(adj)) {
    if (comp.length < 2) continue;
    const nodes = comp.sort();
    const cycle = shortestCycle(adj, nodes[0]!, new Set(nodes), maxLength);
    if (cycle) rings.push({ nodes, cycle });
  }
  return rings.sort((a, b) => a.nodes[0]!.localeCompare(b.nodes[0]!));
}
