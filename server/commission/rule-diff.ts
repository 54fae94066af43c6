/**
 * What changed between two definitions of a rule, field by field, for the audit log and the
 * version history ("who changed what"). Pure: the console can use it too.
 */
import type { RuleMatch, RuleTierPay } from "@/db/schema/commission";
import { compareText } from "@/server/shared/compare";

export interface RuleDefinitionLike {
  name: string;
  priority: number;
  stackable: boolean;
  match: RuleMatch;
  tiers: RuleTierPay[];
}

/** Field paths a diff may name; match conditions each on their own. */
export const DIFF_FIELDS = [
  "name",
  "priority",
  "stackable",
  "match.skus",
  "match.categories",
  "match.levels",
  "match.channels",
  "match.from",
  "match.until",
  "match.hours",
  "tiers",
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

/** {field: [before, after]}; a condition that is absent reads as null. */
export type RuleDiff = Partial<Record<DiffField, [unknown, unknown]>>;

function valueAt(d: RuleDefinitionLike | null, field: DiffField): unknown {
  if (!d) return null;
  if (field.startsWith("match.")) return d.match[field.slice(6) as keyof RuleMatch] ?? null;
  return d[field as "name" | "priority" | "stackable" | "tiers"];
}

/**
 * A comparable form: match lists compare as sets (the same SKUs in another order are no
 * change), times as instants, and objects with sorted keys (jsonb hands keys back in its own
 * order: {"to", "from"}).
 */
function canonical(field: DiffField, v: unknown): string {
  if (Array.isArray(v) && field.startsWith("match."))
    return JSON.stringify([...(v as string[])].sort());
  if ((field === "match.from" || field === "match.until") && typeof v === "string")
    return String(Date.parse(v));
  return stableJson(v);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
      compareText(a, b),
    );
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

export function diffRules(before: RuleDefinitionLike | null, after: RuleDefinitionLike): RuleDiff {
  const out: RuleDiff = {};
  for (const field of DIFF_FIELDS) {
    const a = valueAt(before, field);
    const b = valueAt(after, field);
    if (canonical(field, a) !== canonical(field, b)) out[field] = [a, b];
  }
  return out;
}
