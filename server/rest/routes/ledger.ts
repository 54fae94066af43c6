/** GET /api/v1/ledger/summary — the brand's trial balance (DESIGN.md "Distributors and balances"). */
import { z } from "@hono/zod-openapi";
import { ACCOUNT_TYPES } from "@/server/ledger/accounts";
import { ledgerSummary } from "@/server/ledger/balances";
import type { RestApp } from "../app";
import { restRoute } from "../route";
import { jsonContent } from "../schemas";
import { inTenant } from "../tenant";

const SummarySchema = z
  .object({
    accounts: z
      .object(Object.fromEntries(ACCOUNT_TYPES.map((t) => [t, z.number().int()])) as Record<(typeof ACCOUNT_TYPES)[number], z.ZodNumber>)
      .openapi({ description: "Each account type's balance on its normal side, summed over the brand's postings: all non-negative." }),
    imbalanceFen: z.number().int().openapi({ description: "Debits minus credits over all postings: always 0." }),
  })
  .openapi("LedgerSummary", {
    example: {
      accounts: { pending: 12800, held: 0, available: 5000, withdrawing: 0, arrears: 0, commission_expense: 17800, payouts: 0, tax_payable: 0, fees: 0 },
      imbalanceFen: 0,
    },
  });

export const ledgerSummaryRoute = restRoute({
  method: "get",
  path: "/api/v1/ledger/summary",
  tags: ["Ledger"],
  summary: "Trial balance",
  responses: { 200: { description: "The brand's ledger by account type.", content: jsonContent(SummarySchema) } },
});

export function registerLedger(app: RestApp) {
  app.openapi(ledgerSummaryRoute, (c) => inTenant(c, async (tx) => c.json(await ledgerSummary(tx), 200)));
}
