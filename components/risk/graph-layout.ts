/**
 * Where the linked-accounts graph draws its nodes: the profile's distributor in the middle,
 * other distributors on an inner ring, buyers on an outer one, each ring evenly spaced in a
 * stable order (by id), so the same graph always looks the same. Pure.
 */
export interface LayoutNode {
  id: string;
  kind: "distributor" | "buyer";
  self: boolean;
}

export function layoutGraph<N extends LayoutNode>(nodes: N[], size: number): (N & { x: number; y: number })[] {
  const c = size / 2;
  const inner = nodes.filter((n) => !n.self && n.kind === "distributor").sort((a, b) => a.id.localeCompare(b.id));
  const outer = nodes.filter((n) => !n.self && n.kind === "buyer").sort((a, b) => a.id.localeCompare(b.id));
  const ring = (list: N[], r: number, turn: number) =>
    list.map((n, i) => {
      const a = turn + (2 * Math.PI * i) / list.length - Math.PI / 2;
      return { ...n, x: Math.round(c + r * Math.cos(a)), y: Math.round(c + r * Math.sin(a)) };
    });
  const self = nodes.filter((n) => n.self).map((n) => ({ ...n, x: c, y: c }));
  // With no distributors around it, the buyers take the inner ring.
  const innerR = size * 0.22;
  const outerR = inner.length ? size * 0.4 : innerR * 1.5;
  return [...self, ...ring(inner, innerR, 0), ...ring(outer, outerR, outer.length ? Math.PI / outer.length : 0)];
}
