/**
 * The rule form's values (strings, as typed) ⇄ the rule input the server takes. Rates are
 * typed in percent and amounts in yuan; both become integers (bp, fen) by string parsing, never
 * through floating point. Times are typed as Beijing wall-clock time whatever the browser's
 * zone, since a brand's clock is Asia/Shanghai. Pure: unit-tested, safe in the browser.
 */
import type { RuleMatch, RuleTierPay } from "@/db/schema/commission";
import { fenToYuan, yuanToFen } from "@/server/promotion/price";
import { percentText } from "@/server/commission/trace-text";

export type TierMode = "none" | "percent" | "fixed";
export interface TierRow {
  mode: TierMode;
  value: string;
}

export interface RuleFormValues {
  name: string;
  priority: string;
  stackable: boolean;
  /** Free text: one per line, or separated by commas. */
  skus: string;
  categories: string;
  levels: string[];
  channels: string[];
  /** datetime-local values ("2025-11-11T00:00"), Beijing time; "" when open. */
  from: string;
  until: string;
  hoursOn: boolean;
  hoursFrom: string;
  hoursTo: string;
  tiers: [TierRow, TierRow, TierRow];
}

export interface RuleLike {
  name: string;
  priority: number;
  stackable: boolean;
  match: RuleMatch;
  tiers: RuleTierPay[];
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "8.2" → 820, "100" → 10000; null for anything else (more than two decimals, over 100%). */
export function percentToBp(input: string): number | null {
  const m = PERCENT.exec(input.trim().replace(/%$/, ""));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

const HOUR_MS = 3_600_000;

/** An instant as the Beijing wall clock, in datetime-local form ("2025-11-11T00:00"). */
export function isoToBeijingLocal(iso: string): string {
  return new Date(Date.parse(iso) + 8 * HOUR_MS).toISOString().slice(0, 16);
}

/** A datetime-local value read as Beijing time, as ISO 8601 with its offset. */
export function beijingLocalToIso(local: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : null;
}

/** Splits a list typed one per line or with commas (，too); trims and drops blanks. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const EMPTY_TIER: TierRow = { mode: "none", value: "" };

export function emptyForm(): RuleFormValues {
  return {
    name: "",
    priority: "0",
    stackable: false,
    skus: "",
    categories: "",
    levels: [],
    channels: [],
    from: "",
    until: "",
    hoursOn: false,
    hoursFrom: "22",
    hoursTo: "2",
    tiers: [{ mode: "percent", value: "" }, { ...EMPTY_TIER }, { ...EMPTY_TIER }],
  };
}

export function ruleToForm(rule: RuleLike): RuleFormValues {
  const m = rule.match;
  const tiers: [TierRow, TierRow, TierRow] = [
    { ...EMPTY_TIER },
    { ...EMPTY_TIER },
    { ...EMPTY_TIER },
  ];
  for (const t of rule.tiers) {
    tiers[t.tier - 1] =
      "rateBp" in t
        ? { mode: "percent", value: percentText(t.rateBp) }
        : { mode: "fixed", value: fenToYuan(t.fixedFen) };
  }
  return {
    name: rule.name,
    priority: String(rule.priority),
    stackable: rule.stackable,
    skus: (m.skus ?? []).join("\n"),
    categories: (m.categories ?? []).join("\n"),
    levels: m.levels ?? [],
    channels: m.channels ?? [],
    from: m.from ? isoToBeijingLocal(m.from) : "",
    until: m.until ? isoToBeijingLocal(m.until) : "",
    hoursOn: !!m.hours,
    hoursFrom: String(m.hours?.from ?? 22),
    hoursTo: String(m.hours?.to ?? 2),
    tiers,
  };
}

/** Form field names that can carry an error (react-hook-form paths). */
export type FormField =
  | "name"
  | "priority"
  | "stackable"
  | "skus"
  | "categories"
  | "levels"
  | "channels"
  | "from"
  | "until"
  | "hoursFrom"
  | "hoursTo"
  | "tiersAll"
  | `tiers.${0 | 1 | 2}.value`;

export type Converted =
  { ok: true; input: RuleLike } | { ok: false; errors: Partial<Record<FormField, string>> };

/** The input to send, or the form fields that cannot be converted (message keys). */
export function formToInput(v: RuleFormValues): Converted {
  const errors: Partial<Record<FormField, string>> = {};
  const tiers: RuleTierPay[] = [];
  v.tiers.forEach((row, i) => {
    const tier = (i + 1) as 1 | 2 | 3;
    if (row.mode === "percent") {
      const rateBp = percentToBp(row.value);
      if (rateBp === null) errors[`tiers.${i as 0 | 1 | 2}.value`] = "form.percent";
      else tiers.push({ tier, rateBp });
    } else if (row.mode === "fixed") {
      const fixedFen = yuanToFen(row.value);
      if (fixedFen === null) errors[`tiers.${i as 0 | 1 | 2}.value`] = "form.yuan";
      else tiers.push({ tier, fixedFen });
    }
  });
  const priority = v.priority.trim();
  if (!/^-?\d{1,4}$/.test(priority)) errors.priority = "priority.invalid";
  const match: RuleMatch = {};
  const skus = splitList(v.skus);
  const categories = splitList(v.categories);
  if (skus.length) match.skus = skus;
  if (categories.length) match.categories = categories;
  if (v.levels.length) match.levels = v.levels;
  if (v.channels.length) match.channels = v.channels;
  for (const key of ["from", "until"] as const) {
    if (!v[key]) continue;
    const iso = beijingLocalToIso(v[key]);
    if (iso) match[key] = iso;
    else errors[key] = `${key}.invalid`;
  }
  if (v.hoursOn) match.hours = { from: Number(v.hoursFrom), to: Number(v.hoursTo) };
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: { name: v.name, priority: Number(priority), stackable: v.stackable, match, tiers },
  };
}

/**
 * Where a server field error belongs on the form. The server numbers tiers by their place in
 * the submitted list (`tiers.0` is the first tier sent, not necessarily tier 1).
 */
export function formFieldOf(path: string, sentTiers: readonly RuleTierPay[]): FormField | null {
  const [head, second, third] = path.split(".");
  switch (head) {
    case "name":
    case "priority":
    case "stackable":
      return head;
    case "tiers": {
      const tier = second === undefined ? undefined : sentTiers[Number(second)]?.tier;
      return tier ? `tiers.${(tier - 1) as 0 | 1 | 2}.value` : "tiersAll";
    }
    case "match":
      if (second === "hours") return third === "to" ? "hoursTo" : "hoursFrom";
      if (second && ["skus", "categories", "levels", "channels", "from", "until"].includes(second))
        return second as FormField;
      return null;
    default:
      return null;
  }
}
