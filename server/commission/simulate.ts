/**
 * The rule simulator: what a sample order would pay each tier under the brand's enabled rules,
 * and why. It runs the engine exactly as ingest does (same rule loading, the product's category
 * by SKU when the line gives none, the brand's commission levels, inactive earners earning
 * nothing) and writes nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorLevels, distributors, products } from "@/db/schema";
import type { CommissionTier } from "@/db/schema/commission";
import { AppError } from "@/server/errors";
import { findByCode } from "@/server/network/find";
import { commissionChain, type ChainLink } from "@/server/network/tree";
import { parseInput } from "@/server/promotion/validate";
import { getSettings } from "@/server/tenancy/settings";
import {
  commissionsForLine,
  explainLine,
  formatTrace,
  prepareRules,
  type RuleExplanation,
} from "./engine";
import { loadActiveRules } from "./rules";
import { simulateInputSchema, type SimulateInput } from "./schemas";

interface SimEarner {
  tier: CommissionTier;
  level: string | null;
  /** The real distributor at this tier, when simulating for one. */
  distributor: { code: string; name: string; status: ChainLink["status"] } | null;
}

/** Why a tier earns nothing whatever the rules say. */
export type Ineligible = "beyondLevels" | "inactive";

export interface SimulatedCommission {
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  stackable: boolean;
  kind: "percent" | "fixed";
  rateBp: number | null;
  fixedFen: number | null;
  amountFen: number;
  traceText: string;
}

export interface SimulatedTier {
  tier: CommissionTier;
  level: string | null;
  distributor: SimEarner["distributor"];
  ineligible: Ineligible | null;
  commissions: SimulatedCommission[];
  totalFen: number;
  explanation: RuleExplanation[];
}

export interface SimulatedLine {
  sku: string;
  category: string | null;
  categorySource: "given" | "product" | "none";
  quantity: number;
  amountFen: number;
  tiers: SimulatedTier[];
}

export async function simulate(tx: Tx, raw: SimulateInput) {
  const input = parseInput(simulateInputSchema, raw);
  const settings = await getSettings(tx);
  const rules = prepareRules(await loadActiveRules(tx));
  const earners =
    input.earners.by === "distributor"
      ? await chainEarners(tx, input.earners.code)
      : await levelEarners(tx, input.earners.levels);
  const productCategory = await categoriesBySku(
    tx,
    input.items.filter((i) => !i.category).map((i) => i.sku),
  );
  const sale = { channel: input.channel, paidAt: input.paidAt };

  const lines = input.items.map((item): SimulatedLine => {
    const fromProduct = item.category ? null : (productCategory.get(item.sku) ?? null);
    const line = {
      sku: item.sku,
      category: item.category ?? fromProduct,
      quantity: item.quantity,
      amountFen: item.amountFen,
    };
    const paid = { amountFen: line.amountFen, refundedFen: 0, refundedQuantity: 0 };
    const tiers = earners.map((e): SimulatedTier => {
      const earner = { tier: e.tier, level: e.level };
      const ineligible: Ineligible | null =
        e.tier > settings.commissionLevels
          ? "beyondLevels"
          : e.distributor && e.distributor.status !== "active"
            ? "inactive"
            : null;
      const commissions = ineligible
        ? []
        : commissionsForLine(rules, sale, line, [earner]).map((c) => ({
            ruleId: c.ruleId,
            ruleName: c.trace.ruleName,
            ruleVersion: c.ruleVersion,
            stackable: c.trace.stackable,
            kind: c.kind,
            rateBp: c.rateBp,
            fixedFen: c.fixedFen,
            amountFen: c.amountFen,
            traceText: formatTrace(c.trace, paid, input.locale),
          }));
      return {
        tier: e.tier,
        level: e.level,
        distributor: e.distributor,
        ineligible,
        commissions,
        totalFen: commissions.reduce((sum, c) => sum + c.amountFen, 0),
        explanation: explainLine(rules, sale, line, earner),
      };
    });
    return {
      ...line,
      categorySource: item.category ? "given" : fromProduct ? "product" : "none",
      tiers,
    };
  });

  const totals = earners.map((e) => ({
    tier: e.tier,
    totalFen: lines.reduce(
      (sum, l) => sum + (l.tiers.find((t) => t.tier === e.tier)?.totalFen ?? 0),
      0,
    ),
  }));
  return {
    commissionLevels: settings.commissionLevels,
    ruleCount: rules.all.length,
    earners,
    lines,
    totals,
  };
}

/** The distributor's real chain: itself, its upline and the upline's upline, with levels. */
async function chainEarners(tx: Tx, code: string): Promise<SimEarner[]> {
  const d = await findByCode(tx, code);
  if (!d) {
    throw new AppError("NOT_FOUND", "No distributor has this code.", {
      fields: { "earners.code": "distributorCode.notFound" },
    });
  }
  const chain = await commissionChain(tx, d.id);
  const levels = await tx
    .select({ id: distributors.id, level: distributorLevels.name })
    .from(distributors)
    .leftJoin(
      distributorLevels,
      and(
        eq(distributorLevels.tenantId, distributors.tenantId),
        eq(distributorLevels.id, distributors.levelId),
      ),
    )
    .where(
      inArray(
        distributors.id,
        chain.map((c) => c.id),
      ),
    );
  const levelOf = new Map(levels.map((l) => [l.id, l.level]));
  return chain.map((c) => ({
    tier: c.tier,
    level: levelOf.get(c.id) ?? null,
    distributor: { code: c.code, name: c.name, status: c.status },
  }));
}

/** A made-up chain: tier i+1 holds levels[i] (null: no level). Names must be the brand's. */
async function levelEarners(tx: Tx, levels: (string | null)[]): Promise<SimEarner[]> {
  const named = [...new Set(levels.filter((l): l is string => !!l))];
  const found = named.length
    ? await tx
        .select({ name: distributorLevels.name })
        .from(distributorLevels)
        .where(inArray(distributorLevels.name, named))
    : [];
  const known = new Set(found.map((f) => f.name));
  const fields: Record<string, string> = {};
  levels.forEach((l, i) => {
    if (l && !known.has(l)) fields[`earners.levels.${i}`] = "levels.unknown";
  });
  // Well-formed but naming nothing, as an unknown level in a rule's match (rules.ts): 422.
  if (Object.keys(fields).length) throw new AppError("UNPROCESSABLE", "Unknown level.", { fields });
  return levels.map((level, i) => ({
    tier: (i + 1) as CommissionTier,
    level: level || null,
    distributor: null,
  }));
}

/** As ingest does: a line without a category takes its product's, found by SKU. */
async function categoriesBySku(tx: Tx, skus: string[]) {
  if (!skus.length) return new Map<string, string | null>();
  const rows = await tx
    .select({ sku: products.sku, category: products.category })
    .from(products)
    .where(inArray(products.sku, skus));
  return new Map(rows.map((r) => [r.sku, r.category]));
}
