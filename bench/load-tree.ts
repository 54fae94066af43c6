/**
 * Writes a TreeShape into one brand with COPY, as the owner connection (RLS does not apply to
 * the owner here, and generation is not what is being measured). Rows carry what the app would
 * have written: a member per distributor, path "/root/…/self/", both denormalised uplines, depth.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql } from "postgres";
import { uuidv7 } from "uuidv7";
import { seededCode } from "@/server/shared/seeded-random";
import type { TreeShape } from "./tree-shape";

export interface LoadedTree {
  ids: string[];
  paths: string[];
  codes: string[];
  active: boolean[];
  cityPartnerId: string;
}

const DAY = 86_400_000;

export async function loadTree(sql: Sql, tenantId: string, shape: TreeShape, random: () => number): Promise<LoadedTree> {
  const n = shape.parent.length;
  const ids: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = uuidv7();
    const p = shape.parent[i]!;
    ids.push(id);
    paths.push(`${p < 0 ? "/" : paths[p]!}${id}/`);
  }

  // Whoever recruited is active; leaves get the status mix of a live programme.
  const active: boolean[] = [];
  const status = (i: number) => {
    if (shape.childCount[i]! > 0) return "active";
    const r = random();
    return r < 0.88 ? "active" : r < 0.93 ? "applied" : r < 0.97 ? "frozen" : "disabled";
  };
  const codes = new Set<string>();
  const newCode = () => {
    for (;;) {
      const c = seededCode(random, 8);
      if (!codes.has(c)) {
        codes.add(c);
        return c;
      }
    }
  };

  // Two years of sign-ups in join order, so applied_at (team page order) follows the tree.
  const start = Date.now() - 730 * DAY;
  const step = (730 * DAY) / n;
  const members: string[] = [];
  const distributors: string[] = [];
  const allCodes: string[] = [];
  for (let i = 0; i < n; i++) {
    const memberId = uuidv7();
    const applied = new Date(start + i * step).toISOString();
    const s = status(i);
    active.push(s === "active");
    const p = shape.parent[i]!;
    const upline = p < 0 ? "\\N" : ids[p]!;
    const pp = p < 0 ? -1 : shape.parent[p]!;
    const upline2 = pp < 0 ? "\\N" : ids[pp]!;
    const cp = i === shape.cityPartner;
    const role = cp ? "city_partner" : shape.childCount[i]! >= 50 ? "team_lead" : "distributor";
    const approved = s === "applied" ? "\\N" : new Date(start + i * step + DAY).toISOString();
    const name = `分销商${i}`;
    const code = newCode();
    allCodes.push(code);
    members.push([tenantId, memberId, name, applied].join("\t"));
    distributors.push(
      [tenantId, ids[i], memberId, code, name, s, role, cp ? "杭州" : "\\N", upline, upline2, paths[i], shape.depth[i], applied, approved, applied].join("\t"),
    );
  }

  await copy(sql, "members (tenant_id, id, display_name, created_at)", members);
  await copy(
    sql,
    "distributors (tenant_id, id, member_id, code, name, status, role, region, upline_id, upline2_id, path, depth, applied_at, approved_at, created_at)",
    distributors,
  );
  return { ids, paths, codes: allCodes, active, cityPartnerId: ids[shape.cityPartner]! };
}

/** COPY … FROM STDIN in text format; values above never contain tabs, newlines or backslashes. */
async function copy(sql: Sql, target: string, lines: string[]) {
  const chunks = function* () {
    for (let i = 0; i < lines.length; i += 2000) yield lines.slice(i, i + 2000).join("\n") + "\n";
  };
  await pipeline(Readable.from(chunks()), await sql.unsafe(`copy ${target} from stdin`).writable());
}
