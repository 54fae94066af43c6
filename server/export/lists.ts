/**
 * The lists the console exports as CSV (GET /console/export/<id>), each declared once: the
 * permission it needs, its filters (the same zod schema as its tRPC list, read from the query
 * string), its columns in the reader's language, and a keyset chunk reader. A later list
 * (withdrawals, risk cases) adds an entry here; the route, authentication and streaming stay
 * as they are (server/export/handler.ts).
 */
import type { createTranslator } from "next-intl";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import type { Permission } from "@/server/auth/permissions";
import type { Locale } from "@/server/i18n/config";
import { bindingChunk, bindingFilterSchema, distributorChunk, distributorExportSchema } from "@/server/network/console-lists";
import { commissionChunk } from "@/server/orders/console-commissions";
import { orderChunk } from "@/server/orders/console-list";
import type { Cursor } from "@/server/orders/console-query";
import { commissionFilterSchema, orderFilterSchema } from "@/server/orders/console-schemas";
import { growthChunk, growthExportFilterSchema, type GrowthExportRow } from "@/server/incentives/growth/read";
import { issueMessage } from "@/server/orders/import";
import { issuesChunk, issuesFilterSchema } from "@/server/orders/import-service";
import { taxReportChunk, taxReportFilterSchema, type TaxReportFilter, type TaxReportRow } from "@/server/payouts/tax/report";
import { fenToYuan } from "@/server/promotion/price";
import { withdrawalChunk } from "@/server/payouts/withdrawals/queries";
import { withdrawalFilterSchema } from "@/server/payouts/withdrawals/schemas";
import { queueChunk } from "@/server/risk/queue";
import { queueFilterSchema } from "@/server/risk/queue-schemas";
import { shanghaiIso } from "@/server/shared/time";
import { statementChunk, statementFilterSchema } from "@/server/incentives/team-bonus/views";
import { deliveryChunk, deliveryFilterSchema } from "@/server/webhooks/deliveries";
import type { CsvValue } from "./csv";

export type Translate = ReturnType<typeof createTranslator>;

export interface ExportColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

export interface ExportList<Filter, Row> {
  permission: Permission;
  /** Message key of the file name's noun ("orders"), in the reader's language. */
  fileKey: string;
  filterSchema: z.ZodType<Filter>;
  columns: (t: Translate) => ExportColumn<Row>[];
  chunk: (tx: Tx, filter: Filter, cursor: Cursor | null, limit: number, locale: Locale) => Promise<{ rows: Row[]; next: Cursor | null }>;
}

/** Brand time as a spreadsheet reads it: "2025-03-01 10:00:00" (Asia/Shanghai). */
export function brandTime(d: Date | null): string {
  return d ? shanghaiIso(d).slice(0, 19).replace("T", " ") : "";
}

/** Yuan as an exact decimal ("100.00"), so a spreadsheet sums it as a number. */
export const yuan = (fen: number) => fenToYuan(fen);

/** A label for an enum value, or the value itself if the catalogue has none. */
const label = (t: Translate, group: string, value: string) => (t.has(`${group}.${value}`) ? t(`${group}.${value}`) : value);

type OrderRow = Awaited<ReturnType<typeof orderChunk>>["rows"][number];
type CommissionRow = Awaited<ReturnType<typeof commissionChunk>>["rows"][number];

const orders: ExportList<z.infer<typeof orderFilterSchema>, OrderRow> = {
  permission: "orders.read",
  fileKey: "settlement.export.orders",
  filterSchema: orderFilterSchema,
  chunk: (tx, filter, cursor, limit) => orderChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`settlement.orders.columns.${k}`);
    return [
      { header: c("channel"), value: (r) => label(t, "settlement.channel", r.channel) },
      { header: c("externalId"), value: (r) => r.externalId },
      { header: c("paidAt"), value: (r) => brandTime(r.paidAt) },
      { header: c("buyer"), value: (r) => r.buyer?.masked },
      { header: t("settlement.export.yuan", { column: c("amount") }), value: (r) => yuan(r.amountFen) },
      { header: t("settlement.export.yuan", { column: c("refunded") }), value: (r) => yuan(r.refundedFen) },
      { header: c("status"), value: (r) => label(t, "settlement.orderStatus", r.status) },
      { header: c("distributor"), value: (r) => r.distributor?.name },
      { header: c("distributorCode"), value: (r) => r.distributor?.code },
      { header: c("attribution"), value: (r) => label(t, "settlement.attribution", r.attributionSource) },
      { header: c("risk"), value: (r) => label(t, "settlement.risk", r.riskVerdict) },
      { header: t("settlement.export.yuan", { column: c("commission") }), value: (r) => yuan(r.commissionFen) },
    ];
  },
};

const commissions: ExportList<z.infer<typeof commissionFilterSchema>, CommissionRow> = {
  permission: "orders.read",
  fileKey: "settlement.export.commissions",
  filterSchema: commissionFilterSchema,
  chunk: (tx, filter, cursor, limit, locale) => commissionChunk(tx, filter, cursor, limit, locale),
  columns: (t) => {
    const c = (k: string) => t(`settlement.commissions.columns.${k}`);
    return [
      { header: c("tier"), value: (r) => r.tier },
      { header: c("distributor"), value: (r) => r.distributor.name },
      { header: c("distributorCode"), value: (r) => r.distributor.code },
      { header: c("channel"), value: (r) => label(t, "settlement.channel", r.order.channel) },
      { header: c("order"), value: (r) => r.order.externalId },
      { header: c("sku"), value: (r) => r.sku },
      { header: t("settlement.export.yuan", { column: c("amount") }), value: (r) => yuan(r.amountFen) },
      { header: c("status"), value: (r) => label(t, "settlement.commissionStatus", r.status) },
      { header: c("rule"), value: (r) => r.rule.name },
      { header: c("ruleVersion"), value: (r) => r.rule.version },
      { header: c("createdAt"), value: (r) => brandTime(r.createdAt) },
      { header: c("settledAt"), value: (r) => brandTime(r.settledAt) },
      { header: c("trace"), value: (r) => r.trace },
    ];
  },
};

type IssueRow = Awaited<ReturnType<typeof issuesChunk>>["rows"][number];

/** An order import's per-row report (Order Settlement → Import → Download error report). */
const importIssues: ExportList<z.infer<typeof issuesFilterSchema>, IssueRow & { locale: Locale }> = {
  permission: "orders.read",
  fileKey: "settlement.import.reportFile",
  filterSchema: issuesFilterSchema,
  chunk: async (tx, filter, cursor, limit, locale) => {
    const { rows, next } = await issuesChunk(tx, filter, cursor, limit);
    return { rows: rows.map((r) => ({ ...r, locale })), next };
  },
  columns: (t) => {
    const c = (k: string) => t(`settlement.import.report.${k}`);
    return [
      { header: c("row"), value: (r) => r.row },
      { header: c("severity"), value: (r) => label(t, "settlement.import.severity", r.severity) },
      { header: c("field"), value: (r) => r.field },
      { header: c("message"), value: (r) => issueMessage(r.key, r.params, r.locale) },
      { header: c("key"), value: (r) => r.key },
      { header: c("raw"), value: (r) => Object.entries(r.raw).map(([k, v]) => `${k}=${v}`).join("; ") },
    ];
  },
};

type DistributorRow = Awaited<ReturnType<typeof distributorChunk>>["rows"][number];
type BindingRow = Awaited<ReturnType<typeof bindingChunk>>["rows"][number];

const distributorList: ExportList<z.infer<typeof distributorExportSchema>, DistributorRow> = {
  permission: "distributors.read",
  fileKey: "network.export.distributors",
  filterSchema: distributorExportSchema,
  chunk: (tx, filter, cursor, limit) => distributorChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`network.export.columns.${k}`);
    return [
      { header: c("code"), value: (r) => r.code },
      { header: c("name"), value: (r) => r.name },
      { header: c("phone"), value: (r) => r.phoneMasked },
      { header: c("status"), value: (r) => label(t, "network.status", r.status) },
      { header: c("role"), value: (r) => label(t, "network.role", r.role) },
      { header: c("level"), value: (r) => r.levelName },
      { header: c("region"), value: (r) => r.region },
      { header: c("upline"), value: (r) => r.uplineCode },
      { header: c("appliedAt"), value: (r) => brandTime(r.appliedAt) },
      { header: c("approvedAt"), value: (r) => brandTime(r.approvedAt) },
      { header: c("customers"), value: (r) => r.directCustomerCount },
      { header: c("orders"), value: (r) => r.orderCount },
      { header: t("settlement.export.yuan", { column: c("gmv") }), value: (r) => yuan(r.gmvFen) },
    ];
  },
};

const bindingList: ExportList<z.infer<typeof bindingFilterSchema>, BindingRow> = {
  permission: "distributors.read",
  fileKey: "network.export.bindings",
  filterSchema: bindingFilterSchema,
  chunk: (tx, filter, cursor, limit) => bindingChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`network.export.columns.${k}`);
    return [
      { header: c("buyer"), value: (r) => r.buyer },
      { header: c("name"), value: (r) => r.distributor.name },
      { header: c("code"), value: (r) => r.distributor.code },
      { header: c("source"), value: (r) => label(t, "network.source", r.source) },
      { header: c("boundAt"), value: (r) => brandTime(r.boundAt) },
      { header: c("protectedUntil"), value: (r) => brandTime(r.protectedUntil) },
      { header: c("endedAt"), value: (r) => brandTime(r.endedAt) },
    ];
  },
};

/**
 * The monthly tax report for filing (Tax → report). Notes and methods are translated; several
 * in one month (one payout withheld by a platform, say) are joined with "; ".
 */
const taxReport: ExportList<TaxReportFilter, TaxReportRow & { month: string }> = {
  permission: "withdrawals.review",
  fileKey: "tax.report.file",
  filterSchema: taxReportFilterSchema,
  chunk: async (tx, filter, cursor, limit) => {
    const { rows, next } = await taxReportChunk(tx, filter, cursor, limit);
    return { rows: rows.map((r) => ({ ...r, month: filter.month })), next };
  },
  columns: (t) => {
    const c = (k: string) => t(`tax.report.columns.${k}`);
    return [
      { header: c("month"), value: (r) => r.month },
      { header: c("code"), value: (r) => r.code },
      { header: c("name"), value: (r) => r.name },
      { header: c("idNumber"), value: (r) => r.idNumberMasked },
      { header: t("settlement.export.yuan", { column: c("income") }), value: (r) => yuan(r.incomeFen) },
      { header: t("settlement.export.yuan", { column: c("tax") }), value: (r) => yuan(r.taxFen) },
      { header: c("method"), value: (r) => r.methods.map((m) => label(t, "tax.method", m)).join("; ") },
      { header: c("note"), value: (r) => r.notes.map((n) => label(t, "tax.note", n)).join("; ") },
      { header: c("payouts"), value: (r) => r.payouts },
    ];
  },
};

/** An export ready to run: its header row and a reader of CSV rows, chunk by chunk. */
export interface PreparedExport {
  header: string[];
  chunk: (tx: Tx, cursor: Cursor | null, limit: number) => Promise<{ lines: CsvValue[][]; next: Cursor | null }>;
}

/** A list with its filter and row types sealed in, so lists of any shape sit in one registry. */
export interface ExportSource {
  permission: Permission;
  fileKey: string;
  /** The query string's filters validated, or the fields that are not valid. */
  prepare: (query: Record<string, string>, t: Translate, locale: Locale) => { ok: true; run: PreparedExport } | { ok: false; fields: string[] };
}

export function exportSource<Filter, Row>(list: ExportList<Filter, Row>): ExportSource {
  return {
    permission: list.permission,
    fileKey: list.fileKey,
    prepare: (query, t, locale) => {
      const parsed = list.filterSchema.safeParse(query);
      if (!parsed.success) return { ok: false, fields: parsed.error.issues.map((i) => i.path.join(".")) };
      const filter = parsed.data;
      const columns = list.columns(t);
      return {
        ok: true,
        run: {
          header: columns.map((c) => c.header),
          chunk: async (tx, cursor, limit) => {
            const { rows, next } = await list.chunk(tx, filter, cursor, limit, locale);
            return { lines: rows.map((r) => columns.map((c) => c.value(r))), next };
          },
        },
      };
    },
  };
}

type WithdrawalRow = Awaited<ReturnType<typeof withdrawalChunk>>["rows"][number];

const withdrawalList: ExportList<z.infer<typeof withdrawalFilterSchema>, WithdrawalRow> = {
  permission: "withdrawals.review",
  fileKey: "withdrawals.export.file",
  filterSchema: withdrawalFilterSchema,
  chunk: (tx, filter, cursor, limit) => withdrawalChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`withdrawals.list.columns.${k}`);
    const money = (k: string) => t("withdrawals.export.yuan", { column: c(k) });
    return [
      { header: c("outBillNo"), value: (r) => r.outBillNo },
      { header: c("requestedAt"), value: (r) => brandTime(r.requestedAt) },
      { header: c("distributor"), value: (r) => r.distributor.name },
      { header: t("settlement.orders.columns.distributorCode"), value: (r) => r.distributor.code },
      { header: c("channel"), value: (r) => label(t, "withdrawals.channel", r.channel) },
      { header: money("amount"), value: (r) => yuan(r.amountFen) },
      { header: money("fee"), value: (r) => yuan(r.feeFen) },
      { header: money("tax"), value: (r) => yuan(r.taxFen) },
      { header: money("net"), value: (r) => yuan(r.netFen) },
      { header: c("status"), value: (r) => label(t, "withdrawals.status", r.status) },
    ];
  },
};

type StatementRow = Awaited<ReturnType<typeof statementChunk>>["rows"][number];

const teamBonusStatementList: ExportList<z.infer<typeof statementFilterSchema>, StatementRow> = {
  permission: "orders.read",
  fileKey: "teamBonus.console.statements.caption",
  filterSchema: statementFilterSchema,
  chunk: (tx, filter, cursor, limit) => statementChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`teamBonus.console.statements.columns.${k}`);
    return [
      { header: c("period"), value: (r) => r.period },
      { header: c("distributor"), value: (r) => r.distributorName },
      { header: t("settlement.orders.columns.distributorCode"), value: (r) => r.distributorCode },
      { header: c("basis"), value: (r) => (r.basis === "team" ? t("teamBonus.console.basis.team") : t("teamBonus.console.basis.region", { region: r.region ?? "" })) },
      { header: t("settlement.export.yuan", { column: c("gmv") }), value: (r) => yuan(r.gmvFen) },
      { header: c("rate"), value: (r) => r.rateBp / 100 },
      { header: t("settlement.export.yuan", { column: c("bonus") }), value: (r) => yuan(r.bonusFen) },
      { header: t("settlement.export.yuan", { column: c("adjustment") }), value: (r) => yuan(r.adjustmentFen) },
      { header: t("settlement.export.yuan", { column: c("total") }), value: (r) => yuan(r.totalFen) },
    ];
  },
};

/** Members' growth values for the brand's membership system (issue 12 item 6). */
const memberGrowthList: ExportList<z.infer<typeof growthExportFilterSchema>, GrowthExportRow> = {
  permission: "distributors.read",
  fileKey: "incentives.export.growth",
  filterSchema: growthExportFilterSchema,
  chunk: (tx, _filter, cursor, limit) => growthChunk(tx, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`incentives.export.columns.${k}`);
    return [
      { header: c("memberId"), value: (r) => r.memberId },
      { header: c("name"), value: (r) => r.displayName },
      { header: c("phone"), value: (r) => r.phoneMasked },
      { header: c("code"), value: (r) => r.distributorCode },
      { header: t("settlement.export.yuan", { column: c("growth") }), value: (r) => yuan(r.growthValueFen) },
    ];
  },
};

type DeliveryRow = Awaited<ReturnType<typeof deliveryChunk>>["rows"][number];

const webhookDeliveryList: ExportList<z.infer<typeof deliveryFilterSchema>, DeliveryRow> = {
  permission: "apikeys.manage",
  fileKey: "webhooks.deliveries.file",
  filterSchema: deliveryFilterSchema,
  chunk: (tx, filter, cursor, limit) => deliveryChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`webhooks.deliveries.${k}`);
    return [
      { header: c("createdAt"), value: (r) => brandTime(r.createdAt) },
      { header: c("type"), value: (r) => r.type },
      { header: c("endpoint"), value: (r) => r.endpointUrl },
      { header: c("status"), value: (r) => label(t, "webhooks.deliveries.statuses", r.status) },
      { header: c("attempts"), value: (r) => r.attempts },
      { header: c("response"), value: (r) => r.lastStatusCode ?? r.lastError ?? "" },
      { header: c("deliveredAt"), value: (r) => brandTime(r.deliveredAt) },
      { header: c("eventId"), value: (r) => r.eventId },
    ];
  },
};

type RiskQueueRow = Awaited<ReturnType<typeof queueChunk>>["rows"][number];

const riskQueue: ExportList<z.infer<typeof queueFilterSchema>, RiskQueueRow> = {
  permission: "risk.review",
  fileKey: "riskCenter.queue.caption",
  filterSchema: queueFilterSchema,
  chunk: (tx, filter, cursor, limit) => queueChunk(tx, filter, cursor, limit),
  columns: (t) => {
    const c = (k: string) => t(`riskCenter.queue.columns.${k}`);
    const money = (k: string) => t("withdrawals.export.yuan", { column: c(k) });
    return [
      { header: c("order"), value: (r) => r.externalId },
      { header: t("settlement.orders.columns.channel"), value: (r) => label(t, "settlement.channel", r.channel) },
      { header: c("paidAt"), value: (r) => brandTime(r.paidAt) },
      { header: c("distributor"), value: (r) => r.distributor?.name ?? "" },
      { header: t("settlement.orders.columns.distributorCode"), value: (r) => r.distributor?.code ?? "" },
      { header: money("amount"), value: (r) => yuan(r.amountFen) },
      { header: money("held"), value: (r) => yuan(r.heldFen) },
      { header: c("rules"), value: (r) => r.rules.map((x) => label(t, "riskCenter.rule", x.code)).join("; ") },
      { header: c("state"), value: (r) => label(t, "riskCenter.state", r.state) },
    ];
  },
};

export const EXPORT_LISTS: Readonly<Record<string, ExportSource>> = {
  orders: exportSource(orders),
  commissions: exportSource(commissions),
  "import-issues": exportSource(importIssues),
  distributors: exportSource(distributorList),
  bindings: exportSource(bindingList),
  "tax-report": exportSource(taxReport),
  withdrawals: exportSource(withdrawalList),
  "team-bonus-statements": exportSource(teamBonusStatementList),
  "member-growth": exportSource(memberGrowthList),
  "webhook-deliveries": exportSource(webhookDeliveryList),
  "risk-queue": exportSource(riskQueue),
};
