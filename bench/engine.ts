/**
 * npm run bench:engine [-- --rules 300 --lines 200000 --rounds 5]
 *
 * Micro-benchmark of the pure commission engine, no database: how long prepareRules takes for a
 * brand's rule set, and how many order lines per second commissionsForLine selects and prices
 * for a three-tier chain. Batch ingest runs every line of every order through it, so this is
 * the engine's share of the ingest budget. Data is seeded, so runs compare.
 */
import { parseArgs } from "node:util";
import type { RuleMatch, RuleTierPay } from "@/db/schema/commission";
import {
  commissionsForLine,
  prepareRules,
  type ActiveRule,
  type Earner,
  type SaleContext,
  type SaleLine,
} from "@/server/commission/engine";
import { seededRandom } from "@/server/shared/seeded-random";

const { values: args } = parseArgs({
  options: {
    rules: { type: "string", default: "300" },
    lines: { type: "string", default: "200000" },
    rounds: { type: "string", default: "5" },
    seed: { type: "string", default: "20251111" },
  },
});
const int = (s: string) => Number.parseInt(s, 10);
const random = seededRandom(int(args.seed));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const some = <T>(xs: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(xs))),
];

const SKUS = Array.from({ length: 2_000 }, (_, i) => `SKU-${i}`);
const CATEGORIES = Array.from({ length: 30 }, (_, i) => `cat-${i}`);
const LEVELS = ["S", "A", "B", "C"];
const CHANNELS = ["tmall", "taobao", "jd", "pdd", "douyin", "wechat_channels", "mini_program"];
const YEAR = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

function tiers(): RuleTierPay[] {
  const out: RuleTierPay[] = [];
  for (const tier of [1, 2, 3] as const) {
    if (random() < 0.15 && tier > 1) continue;
    out.push(
      random() < 0.8
        ? { tier, rateBp: Math.floor(random() * 2_000) }
        : { tier, fixedFen: Math.floor(random() * 2_000) },
    );
  }
  return out;
}

/** A brand's rule set: mostly SKU and category rules, generic ones with filters, some stackable promotions. */
function makeRules(n: number): ActiveRule[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = random();
    const match: RuleMatch = {};
    if (kind < 0.5) match.skus = some(SKUS, 20);
    else if (kind < 0.75) match.categories = some(CATEGORIES, 3);
    if (random() < 0.3) match.levels = some(LEVELS, 2);
    if (random() < 0.3) match.channels = some(CHANNELS, 3);
    const stackable = random() < 0.05;
    // Stackables are promotions: always within a window of days.
    if (stackable || random() < 0.3) {
      const from = YEAR + Math.floor(random() * 300) * DAY;
      match.from = new Date(from).toISOString();
      match.until = new Date(from + (1 + Math.floor(random() * 60)) * DAY).toISOString();
    }
    if (random() < 0.1) match.hours = { from: 20, to: 2 };
    return {
      ruleId: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
      version: 1 + Math.floor(random() * 3),
      name: `rule ${i}`,
      priority: Math.floor(random() * 5),
      stackable,
      createdAt: new Date(YEAR - i * 60_000),
      match,
      tiers: tiers(),
    };
  });
}

function makeLines(n: number) {
  return Array.from({ length: n }, () => ({
    sale: {
      channel: pick(CHANNELS),
      paidAt: new Date(YEAR + Math.floor(random() * 365 * DAY)),
    } satisfies SaleContext,
    line: {
      sku: pick(SKUS),
      category: random() < 0.9 ? pick(CATEGORIES) : null,
      quantity: 1 + Math.floor(random() * 3),
      amountFen: Math.floor(random() * 100_000),
    } satisfies SaleLine,
    earners: [
      { tier: 1, level: pick(LEVELS) },
      { tier: 2, level: pick(LEVELS) },
      { tier: 3, level: random() < 0.2 ? null : pick(LEVELS) },
    ] satisfies Earner[],
  }));
}

function main() {
  const ruleCount = int(args.rules);
  const lineCount = int(args.lines);
  const rounds = int(args.rounds);
  const rules = makeRules(ruleCount);
  const lines = makeLines(lineCount);

  const prepMs: number[] = [];
  let set = prepareRules(rules);
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    set = prepareRules(rules);
    prepMs.push(performance.now() - t0);
  }

  // Warm the JIT, then time whole passes over the lines.
  let commissions = 0;
  for (const l of lines.slice(0, 20_000))
    commissions += commissionsForLine(set, l.sale, l.line, l.earners).length;
  const passes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    commissions = 0;
    const t0 = performance.now();
    for (const l of lines) commissions += commissionsForLine(set, l.sale, l.line, l.earners).length;
    passes.push(performance.now() - t0);
  }
  const best = Math.min(...passes);
  const median = [...passes].sort((a, b) => a - b)[Math.floor(passes.length / 2)]!;
  const fmt = (n: number) => Math.round(n).toLocaleString("en");
  console.log(
    `Node ${process.version}; ${ruleCount} rules (${rules.filter((r) => r.stackable).length} stackable), ${fmt(lineCount)} lines × 3 earners, ${rounds} passes`,
  );
  console.log(`prepareRules: median ${[...prepMs].sort((a, b) => a - b)[10]!.toFixed(2)} ms`);
  console.log(
    `commissionsForLine: median pass ${median.toFixed(0)} ms → ${fmt((lineCount / median) * 1000)} lines/s (${((median * 1e6) / lineCount).toFixed(0)} ns/line); best ${fmt((lineCount / best) * 1000)} lines/s`,
  );
  console.log(
    `${fmt(commissions)} commissions per pass (${(commissions / lineCount).toFixed(2)} per line)`,
  );
}

main();
