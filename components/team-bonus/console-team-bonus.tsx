"use client";

/**
 * The console's team bonus page: close a month (owner / admin / finance), the months closed so
 * far, every statement with its calculation (server-paged), and the ladders and level settings.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { DataTable, dataTableColumns, type FilterControl } from "@/components/console/data-table";
import { useDataTableState } from "@/components/console/data-table/use-table-state";
import { listInput } from "@/components/console/data-table/url-state";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox, Input } from "@/components/ui/input";
import { formatFen } from "@/components/ui/money";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";
import { STATEMENTS_SPEC } from "./statements-spec";

type Outputs = inferRouterOutputs<AppRouter>;
type StatementRow = Outputs["teamBonus"]["statements"]["items"][number];
type Ladder = { minFen: number; rateBp: number }[];

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;

export function CloseMonthPanel({ canClose }: { canClose: boolean }) {
  const t = useTranslations("teamBonus.console.close");
  const locale = useLocale();
  const format = useFormatter();
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const closes = useQuery(trpc.teamBonus.closes.queryOptions());
  const [month, setMonth] = useState<string | null>(null);
  const chosen = month ?? closes.data?.lastEnded ?? "";
  const close = useMutation(
    trpc.teamBonus.closeMonth.mutationOptions({
      onSuccess: () => qc.invalidateQueries(trpc.teamBonus.pathFilter()),
    }),
  );
  const r = close.data;
  const team = r?.steps.teamBonus as { statements?: number; bonusFen?: number; adjustmentFen?: number } | undefined;
  return (
    <Card data-testid="month-close">
      <CardHeader title={t("title")} />
      <CardBody className="space-y-4">
        <p className="text-sm text-slate-600">{t("body")}</p>
        {canClose && (
          <div className="flex flex-wrap items-end gap-3">
            <label className="space-y-1 text-sm">
              <span className="block font-medium text-slate-700">{t("month")}</span>
              <Input type="month" value={chosen} max={closes.data?.lastEnded} onChange={(e) => setMonth(e.target.value)} data-testid="month-close-month" />
            </label>
            <Button onClick={() => close.mutate({ month: chosen || null })} loading={close.isPending} data-testid="month-close-button">
              {t("button")}
            </Button>
          </div>
        )}
        <div aria-live="polite">
          {r && (
            <Alert tone={r.alreadyClosed ? "info" : "success"} data-testid="month-close-result">
              {r.alreadyClosed
                ? t("already", { month: r.month, at: format.dateTime(r.closedAt, { dateStyle: "medium", timeStyle: "short" }) })
                : t("done", {
                    month: r.month,
                    statements: team?.statements ?? 0,
                    bonus: formatFen(team?.bonusFen ?? 0, locale),
                    adjustment: formatFen(-(team?.adjustmentFen ?? 0), locale),
                  })}
            </Alert>
          )}
          {close.isError && <Alert tone="danger">{errors.describe(close.error)}</Alert>}
        </div>
        <h3 className="text-sm font-semibold text-slate-900">{t("history")}</h3>
        {closes.data && closes.data.closes.length === 0 ? (
          <p className="text-sm text-slate-500">{t("none")}</p>
        ) : (
          <Table>
            <THead>
              <Tr>
                <Th>{t("month")}</Th>
                <Th>{t("closedAt")}</Th>
                <Th>{t("by")}</Th>
              </Tr>
            </THead>
            <TBody>
              {closes.data?.closes.map((c) => (
                <Tr key={c.month} data-testid={`month-closed-${c.month}`}>
                  <Td className="tabular-nums">{c.month}</Td>
                  <Td>{format.dateTime(c.closedAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
                  <Td>{c.actorType}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}

const column = dataTableColumns<StatementRow>();

export function StatementsTable() {
  const t = useTranslations("teamBonus.console");
  const locale = useLocale();
  const trpc = useTRPC();
  const table = useDataTableState(STATEMENTS_SPEC);
  const query = useQuery(trpc.teamBonus.statements.queryOptions(listInput(STATEMENTS_SPEC, table.state), { placeholderData: keepPreviousData }));
  const money = useCallback((fen: number) => formatFen(fen, locale), [locale]);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor("period", { id: "period", header: () => t("statements.columns.period"), cell: ({ getValue }) => <span className="tabular-nums">{getValue()}</span> }),
        column.accessor("distributorName", {
          header: () => t("statements.columns.distributor"),
          cell: ({ row }) => (
            <div>
              <div className="text-slate-900">{row.original.distributorName}</div>
              <div className="font-mono text-xs text-slate-500">{row.original.distributorCode}</div>
            </div>
          ),
        }),
        column.accessor("basis", {
          header: () => t("statements.columns.basis"),
          cell: ({ row }) => (row.original.basis === "team" ? t("basis.team") : t("basis.region", { region: row.original.region ?? "" })),
        }),
        column.accessor("gmvFen", { header: () => t("statements.columns.gmv"), meta: { align: "right" }, cell: ({ getValue }) => money(getValue()) }),
        column.accessor("rateBp", { header: () => t("statements.columns.rate"), meta: { align: "right" }, cell: ({ getValue }) => pct(getValue()) }),
        column.accessor("bonusFen", { header: () => t("statements.columns.bonus"), meta: { align: "right" }, cell: ({ getValue }) => money(getValue()) }),
        column.accessor("adjustmentFen", {
          header: () => t("statements.columns.adjustment"),
          meta: { align: "right" },
          cell: ({ row }) =>
            row.original.adjustmentFen ? (
              <span title={row.original.adjustments.map((a) => `${a.sourcePeriod}: −${money(a.refundFen)} → ${money(a.amountFen)}`).join("\n")}>
                {money(row.original.adjustmentFen)}
              </span>
            ) : (
              <span className="text-slate-400">—</span>
            ),
        }),
        column.accessor("totalFen", { header: () => t("statements.columns.total"), meta: { align: "right" }, cell: ({ getValue }) => <span className="font-medium">{money(getValue())}</span> }),
      ]),
    [t, money],
  );
  const filters: FilterControl[] = useMemo(
    () => [{ kind: "search", key: "period", label: t("statements.filters.period"), placeholder: t("statements.filters.periodPlaceholder"), maxLength: 7 }],
    [t],
  );
  return (
    <DataTable
      table={table}
      query={query}
      columns={columns}
      filters={filters}
      getRowId={(row) => row.id}
      rowTestId={(row) => `statement-${row.distributorCode}-${row.period}`}
      exportPath="/console/export/team-bonus-statements"
      caption={t("statements.caption")}
      testId="team-bonus-statements"
      empty={<EmptyState title={t("statements.emptyTitle")} description={t("statements.emptyBody")} />}
    />
  );
}

/** "100000 1" per line ⇄ ladder steps (yuan and percent as the brand thinks of them). */
function ladderText(l: Ladder) {
  return l.map((s) => `${s.minFen / 100} ${s.rateBp / 100}`).join("\n");
}
function parseLadder(text: string): Ladder | null {
  const out: Ladder = [];
  for (const line of text.split("\n").map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d+(?:\.\d{1,2})?)\s+(\d+(?:\.\d{1,2})?)%?$/.exec(line);
    if (!m) return null;
    out.push({ minFen: Math.round(Number(m[1]) * 100), rateBp: Math.round(Number(m[2]) * 100) });
  }
  return out;
}

export function TeamBonusSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("teamBonus.console.settings");
  const errors = useErrorMessages();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.teamBonus.settings.queryOptions());
  const save = useMutation(trpc.teamBonus.updateSettings.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.teamBonus.settings.pathFilter()) }));
  const [draft, setDraft] = useState<{ lead: string; partner: string; lookback: string; demotion: boolean; exclude: boolean } | null>(null);
  const [invalid, setInvalid] = useState(false);
  if (!settings.data) return null;
  const s = settings.data;
  const d = draft ?? { lead: ladderText(s.teamLeadLadder), partner: ladderText(s.cityPartnerLadder), lookback: String(s.levelLookbackDays), demotion: s.levelDemotion, exclude: s.excludeEmployeesFromTeamBonus };
  const set = (patch: Partial<typeof d>) => setDraft({ ...d, ...patch });
  const submit = () => {
    const lead = parseLadder(d.lead);
    const partner = parseLadder(d.partner);
    setInvalid(!lead || !partner);
    if (!lead || !partner) return;
    save.mutate({ teamLeadLadder: lead, cityPartnerLadder: partner, levelLookbackDays: Number(d.lookback) || 365, levelDemotion: d.demotion, excludeEmployeesFromTeamBonus: d.exclude });
  };
  return (
    <Card data-testid="team-bonus-settings">
      <CardHeader title={t("title")} />
      <CardBody className="space-y-4">
        <p className="text-sm text-slate-600">{t("ladderHelp")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">{t("teamLeadLadder")}</span>
            <Textarea rows={4} value={d.lead} disabled={!canEdit} onChange={(e) => set({ lead: e.target.value })} data-testid="ladder-team-lead" />
          </label>
          <label className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">{t("cityPartnerLadder")}</span>
            <Textarea rows={4} value={d.partner} disabled={!canEdit} onChange={(e) => set({ partner: e.target.value })} data-testid="ladder-city-partner" />
          </label>
        </div>
        <label className="block space-y-1 text-sm">
          <span className="block font-medium text-slate-700">{t("lookback")}</span>
          <Input type="number" min={1} max={3660} value={d.lookback} disabled={!canEdit} onChange={(e) => set({ lookback: e.target.value })} className="w-32" />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={d.demotion} disabled={!canEdit} onChange={(e) => set({ demotion: e.target.checked })} />
          {t("demotion")}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <Checkbox checked={d.exclude} disabled={!canEdit} onChange={(e) => set({ exclude: e.target.checked })} />
          {t("excludeEmployees")}
        </label>
        {canEdit && (
          <Button onClick={submit} loading={save.isPending} data-testid="team-bonus-settings-save">
            {t("save")}
          </Button>
        )}
        <div aria-live="polite">
          {invalid && <Alert tone="danger">{t("invalidLadder")}</Alert>}
          {save.isSuccess && !invalid && <Alert tone="success">{t("saved")}</Alert>}
          {save.isError && <Alert tone="danger">{errors.describe(save.error)}</Alert>}
        </div>
      </CardBody>
    </Card>
  );
}
