/**
 * A brand's payout settings (one payout_settings row; DOMAIN.md §5 defaults until it saves its own).
 */
import { z } from "zod";
import type { Tx } from "@/db/client";
import { payoutSettings } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { audit, diff, type Actor } from "@/server/tenancy/audit";
import type { PayoutLimits, RequestChannel } from "./limits";

export type TaxMethodSetting = "labour" | "cumulative";

export interface PayoutSettings extends PayoutLimits {
  dualApprovalFromFen: number;
  taxMethod: TaxMethodSetting;
  flexibleFromFen: number | null;
}

/**
 * DOMAIN.md §5: minimum ¥1; WeChat 商家转账 ¥0.10–¥200 with a real name from ¥2,000 (a brand
 * raises the maximum to its merchant's approved limit); Alipay and bank up to ¥50,000; two
 * approvers from ¥10,000. WeChat and Alipay start disabled: they pay only once the brand's
 * merchant account is configured, while the bank batch needs nothing but a file.
 */
export const DEFAULT_PAYOUT_SETTINGS: PayoutSettings = {
  channelLimits: {
    bank: { enabled: true, minFen: 100, maxFen: 5_000_000, realNameFromFen: null },
    wechat: { enabled: false, minFen: 10, maxFen: 20_000, realNameFromFen: 200_000 },
    alipay: { enabled: false, minFen: 100, maxFen: 5_000_000, realNameFromFen: null },
  },
  dailyAmountCapFen: null,
  dailyCountCap: null,
  monthlyAmountCapFen: null,
  monthlyCountCap: null,
  feeBp: 0,
  dualApprovalFromFen: 1_000_000,
  taxMethod: "labour",
  flexibleFromFen: null,
};

const fen = z.number().int().min(0).max(100_000_000_000);
const channelLimit = z
  .object({ enabled: z.boolean(), minFen: fen.min(1), maxFen: fen.min(1), realNameFromFen: fen.min(1).nullable().optional() })
  .refine((l) => l.minFen <= l.maxFen, { message: "min_above_max", path: ["maxFen"] });

export const payoutSettingsInput = z.object({
  channelLimits: z.object({ bank: channelLimit, wechat: channelLimit, alipay: channelLimit }),
  dailyAmountCapFen: fen.min(1).nullable(),
  dailyCountCap: z.number().int().min(1).max(10_000).nullable(),
  monthlyAmountCapFen: fen.min(1).nullable(),
  monthlyCountCap: z.number().int().min(1).max(100_000).nullable(),
  // Above 20% a fee plus the top tax bracket could exceed the amount; no real brand charges that.
  feeBp: z.number().int().min(0).max(2_000),
  dualApprovalFromFen: fen.min(1),
  // not_withheld is a per-payout outcome (server/payouts/tax/compute.ts), not a brand method.
  taxMethod: z.enum(["labour", "cumulative"]),
  flexibleFromFen: fen.min(1).nullable(),
});
export type PayoutSettingsInput = z.infer<typeof payoutSettingsInput>;

function fromRow(r: typeof payoutSettings.$inferSelect): PayoutSettings {
  const limits = { ...DEFAULT_PAYOUT_SETTINGS.channelLimits, ...r.channelLimits };
  return {
    channelLimits: limits,
    dailyAmountCapFen: r.dailyAmountCapFen,
    dailyCountCap: r.dailyCountCap,
    monthlyAmountCapFen: r.monthlyAmountCapFen,
    monthlyCountCap: r.monthlyCountCap,
    feeBp: r.feeBp,
    dualApprovalFromFen: r.dualApprovalFromFen,
    taxMethod: r.taxMethod === "cumulative" ? "cumulative" : "labour",
    flexibleFromFen: r.flexibleFromFen,
  };
}

export async function getPayoutSettings(tx: Tx): Promise<PayoutSettings> {
  const [row] = await tx.select().from(payoutSettings).limit(1);
  return row ? fromRow(row) : structuredClone(DEFAULT_PAYOUT_SETTINGS);
}

/** Replaces the brand's settings (the form sends them whole) and audits what changed. */
export async function updatePayoutSettings(tx: Tx, actor: Actor, input: PayoutSettingsInput): Promise<PayoutSettings> {
  const parsed = payoutSettingsInput.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    throw new AppError("BAD_REQUEST", "The payout settings are not valid.", { fields });
  }
  const next = parsed.data;
  const before = await getPayoutSettings(tx);
  const values = {
    channelLimits: normaliseLimits(next.channelLimits),
    dailyAmountCapFen: next.dailyAmountCapFen,
    dailyCountCap: next.dailyCountCap,
    monthlyAmountCapFen: next.monthlyAmountCapFen,
    monthlyCountCap: next.monthlyCountCap,
    feeBp: next.feeBp,
    dualApprovalFromFen: next.dualApprovalFromFen,
    taxMethod: next.taxMethod,
    flexibleFromFen: next.flexibleFromFen,
    updatedAt: new Date(),
  };
  await tx
    .insert(payoutSettings)
    .values({ tenantId: await currentTenantId(tx), ...values })
    .onConflictDoUpdate({ target: payoutSettings.tenantId, set: values });
  const after = await getPayoutSettings(tx);
  const changes = diff(
    { ...before, channelLimits: JSON.stringify(before.channelLimits) },
    { ...after, channelLimits: JSON.stringify(after.channelLimits) },
  );
  await audit(tx, actor, { action: "settings.payouts.updated", data: { changes } });
  return after;
}

function normaliseLimits(l: PayoutSettingsInput["channelLimits"]) {
  const one = (c: RequestChannel) => ({ ...l[c], realNameFromFen: l[c].realNameFromFen ?? null });
  return { bank: one("bank"), wechat: one("wechat"), alipay: one("alipay") };
}
