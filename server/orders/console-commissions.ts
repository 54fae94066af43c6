/**
 * The console's commissions list (Order Settlement → Commissions): every earner's share of every
 * line, with its rule version, one page with the total for the screen, keyset chunks (with the
 * readable trace) for the CSV export.
 */
import { and, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  commissionRules,
  commissionRuleVersions,
  commissions,
  distributors,
  orderLines,
  orders,
} from "@/db/schema";
import { formatTrace } from "@/server/commission/engine";
import { commissionTrace } from "@/server/commission/stored-trace";
import {
  brandDayEnd,
  brandDayStart,
  type CommissionFilter,
  type CommissionListInput,
} from "./console-schemas";
import {
  afterCursor,
  cursorKey,
  distributorMatches,
  orderByKeyset,
  type Cursor,
  type Sort,
} from "./console-query";

function commissionWhere(f: CommissionFilter): SQL | undefined {
  return and(
    f.status ? eq(commissions.status, f.status) : undefined,
    f.tier ? eq(commissions.tier, Number(f.tier)) : undefined,
    f.ruleId ? eq(commissions.ruleId, f.ruleId) : undefined,
    f.createdFrom ? gte(commissions.createdAt, brandDayStart(f.createdFrom)) : undefined,
    f.createdTo ? lt(commissions.createdAt, brandDayEnd(f.createdTo)) : undefined,
    f.distributor ? distributorMatches(commissions.distributorId, f.distributor) : undefined,
  );
}

function commissionSort(f: Pick<CommissionFilter, "sort" | "dir">): Sort {
  return {
    column: f.sort === "amount" ? commissions.amountFen : commissions.createdAt,
    cast: f.sort === "amount" ? "bigint" : "timestamptz",
    desc: f.dir === "desc",
  };
}

function selectRows(tx: Tx, sort: Sort) {
  return tx
    .select({
      id: commissions.id,
      tier: commissions.tier,
      status: commissions.status,
      amountFen: commissions.amountFen,
      createdAt: commissions.createdAt,
      settledAt: commissions.settledAt,
      ruleId: commissions.ruleId,
      ruleVersion: commissions.ruleVersion,
      ruleName: commissionRuleVersions.name,
      trace: commissionTrace,
      distributorId: commissions.distributorId,
      distributorName: distributors.name,
      distributorCode: distributors.code,
      orderId: commissions.orderId,
      channel: orders.channel,
      externalId: orders.externalId,
      sku: orderLines.sku,
      lineAmountFen: orderLines.amountFen,
      lineRefundedFen: orderLines.refundedFen,
      lineRefundedQuantity: orderLines.refundedQuantity,
      sortKey: cursorKey(sort),
    })
    .from(commissions)
    .innerJoin(
      distributors,
      and(
        eq(distributors.tenantId, commissions.tenantId),
        eq(distributors.id, commissions.distributorId),
      ),
    )
    .innerJoin(
      orders,
      and(eq(orders.tenantId, commissions.tenantId), eq(orders.id, commissions.orderId)),
    )
    .innerJoin(
      orderLines,
      and(eq(orderLines.tenantId, commissions.tenantId), eq(orderLines.id, commissions.lineId)),
    )
    .innerJoin(
      commissionRuleVersions,
      and(
        eq(commissionRuleVersions.tenantId, commissions.tenantId),
        eq(commissionRuleVersions.ruleId, commissions.ruleId),
        eq(commissionRuleVersions.version, commissions.ruleVersion),
      ),
    );
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

function toRow(r: RawRow) {
  return {
    id: r.id,
    tier: r.tier,
    status: r.status,
    amountFen: Number(r.amountFen),
    createdAt: r.createdAt,
    settledAt: r.settledAt,
    rule: { id: r.ruleId, version: r.ruleVersion, name: r.ruleName },
    distributor: { id: r.distributorId, name: r.distributorName, code: r.distributorCode },
    order: { id: r.orderId, channel: r.channel, externalId: r.externalId },
    sku: r.sku,
  };
}
export type ConsoleCommissionRow = ReturnType<typeof toRow>;

export async function listCommissions(tx: Tx, input: CommissionListInput) {
  const where = commissionWhere(input);
  const sort = commissionSort(input);
  const [totalRow] = await tx.select({ n: count() }).from(commissions).where(where);
  const rows = await selectRows(tx, sort)
    .where(where)
    .orderBy(...orderByKeyset(sort, commissions.id))
    .limit(input.limit)
    .offset(input.offset);
  return { total: Number(totalRow?.n ?? 0), items: rows.map(toRow) };
}

/** An export chunk: rows with their trace in the reader's words, and the next cursor. */
export async function commissionChunk(
  tx: Tx,
  filter: CommissionFilter,
  cursor: Cursor | null,
  limit: number,
  locale: "zh-CN" | "en",
) {
  const sort = commissionSort(filter);
  const rows = await selectRows(tx, sort)
    .where(
      and(commissionWhere(filter), cursor ? afterCursor(sort, commissions.id, cursor) : undefined),
    )
    .orderBy(...orderByKeyset(sort, commissions.id))
    .limit(limit);
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => ({
      ...toRow(r),
      trace: formatTrace(
        r.trace,
        {
          amountFen: Number(r.lineAmountFen),
          refundedFen: Number(r.lineRefundedFen),
          refundedQuantity: r.lineRefundedQuantity,
        },
        locale,
      ),
    })),
    next: rows.length === limit && last ? { key: last.sortKey, id: last.id } : null,
  };
}
export type CommissionExportRow = Awaited<ReturnType<typeof commissionChunk>>["rows"][number];

/**
 * The brand's rules for the commissions list's rule filter, named by their current version.
 * Read with `orders.read` (finance and risk staff filter by rule without managing rules).
 */
export async function commissionRuleOptions(tx: Tx) {
  return tx
    .select({
      id: commissionRules.id,
      name: commissionRuleVersions.name,
      enabled: commissionRules.enabled,
    })
    .from(commissionRules)
    .innerJoin(
      commissionRuleVersions,
      and(
        eq(commissionRuleVersions.tenantId, commissionRules.tenantId),
        eq(commissionRuleVersions.ruleId, commissionRules.id),
        eq(commissionRuleVersions.version, commissionRules.currentVersion),
      ),
    )
    .orderBy(
      desc(commissionRules.enabled),
      desc(commissionRules.createdAt),
      sql`${commissionRules.id}`,
    )
    .limit(500);
}
