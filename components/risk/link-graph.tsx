"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { layoutGraph } from "./graph-layout";

interface Node {
  id: string;
  kind: "distributor" | "buyer";
  label: string;
  self: boolean;
  distributorId: string | null;
}
interface Edge {
  a: string;
  b: string;
  kind: "device" | "phone" | "address" | "card" | "bought";
}

const EDGE_COLOUR: Record<Edge["kind"], string> = { device: "#dc2626", phone: "#d97706", address: "#7c3aed", card: "#0891b2", bought: "#64748b" };
const SIZE = 480;

/** The linked accounts as a small SVG graph (no charting dependency): colour says what links two accounts. */
export function LinkGraph({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) {
  const t = useTranslations("riskCenter.profile");
  const placed = layoutGraph(nodes, SIZE);
  const at = new Map(placed.map((n) => [n.id, n]));
  const kinds = [...new Set(edges.map((e) => e.kind))];
  return (
    <figure data-testid="link-graph">
      <svg viewBox={`-60 -20 ${SIZE + 120} ${SIZE + 40}`} className="h-auto w-full max-w-xl" role="img" aria-label={t("graph")}>
        {edges.map((e, i) => {
          const a = at.get(e.a);
          const b = at.get(e.b);
          if (!a || !b) return null;
          return <line key={i} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={EDGE_COLOUR[e.kind]} strokeWidth={2} strokeDasharray={e.kind === "bought" ? "6 4" : undefined} opacity={0.8} />;
        })}
        {placed.map((n) => {
          const circle = (
            <>
              <circle cx={n.x} cy={n.y} r={n.self ? 16 : n.kind === "distributor" ? 12 : 8} fill={n.self ? "#b91c1c" : n.kind === "distributor" ? "#1d4ed8" : "#94a3b8"} stroke="white" strokeWidth={2} />
              <text x={n.x} y={n.y + (n.self ? 30 : 24)} textAnchor="middle" fontSize={11} fill="#334155">
                {n.label}
              </text>
            </>
          );
          return n.distributorId && !n.self ? (
            <Link key={n.id} href={`/console/risk/distributors/${n.distributorId}`}>
              {circle}
            </Link>
          ) : (
            <g key={n.id}>{circle}</g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
        {kinds.map((k) => (
          <span key={k} className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-5" style={{ backgroundColor: EDGE_COLOUR[k] }} /> {t(`edge.${k}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
