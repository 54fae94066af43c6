"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { CardQuery } from "@/components/console/card-query";
import { useDebounced } from "@/components/promotion/use-debounced";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { RULES_PAGE_SIZE, rulesListInput, type RulesFilter } from "./list-input";
import { useRuleText } from "./use-rule-text";

type Filter = RulesFilter;

export function RulesList() {
  const t = useTranslations("rules.list");
  const tr = useTranslations("rules");
  const trpc = useTRPC();
  const format = useFormatter();
  const text = useRuleText();
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(1);
  const term = useDebounced(search.trim());
  const list = useQuery({
    ...trpc.commissionRules.list.queryOptions(rulesListInput(filter, term, page)),
    placeholderData: keepPreviousData,
  });

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-6 py-3">
        <Input
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          placeholder={t("search")}
          aria-label={t("searchLabel")}
          className="max-w-xs"
          data-testid="rule-search"
        />
        <div className="w-36">
          <Select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as Filter);
              setPage(1);
            }}
            aria-label={t("filterLabel")}
            data-testid="rule-filter"
          >
            {(["all", "enabled", "disabled"] as const).map((f) => (
              <option key={f} value={f}>
                {t(`filter.${f}`)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <CardQuery
        query={list}
        isEmpty={(data) => data.items.length === 0}
        empty={
          term || filter !== "all" ? (
            <EmptyState className="border-0 py-8" title={t("noMatches")} />
          ) : (
            <EmptyState
              className="border-0 py-8"
              data-testid="rules-empty"
              title={t("emptyTitle")}
              description={t("emptyBody")}
              action={
                <Link href="/console/rules/new" className={buttonClasses("primary")}>
                  {tr("new")}
                </Link>
              }
            />
          )
        }
      >
        {(data) => (
          <>
            <Table data-testid="rules-table" aria-busy={list.isFetching || undefined}>
              <caption className="sr-only">{t("title")}</caption>
              <THead>
                <Tr>
                  <Th>{t("name")}</Th>
                  <Th>{t("matches")}</Th>
                  <Th>{t("tiers")}</Th>
                  <Th className="text-right">{t("priority")}</Th>
                  <Th>{t("stackable")}</Th>
                  <Th className="text-right">{t("version")}</Th>
                  <Th>{t("state")}</Th>
                  <Th>{t("updated")}</Th>
                </Tr>
              </THead>
              <TBody>
                {data.items.map((r) => (
                  <Tr key={r.id} data-testid="rule-row" data-name={r.name}>
                    <Td className="font-medium">
                      <Link
                        href={`/console/rules/${r.id}`}
                        className="text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
                        aria-label={t("open", { name: r.name })}
                      >
                        {r.name}
                      </Link>
                    </Td>
                    <Td className="max-w-xs text-xs text-slate-600">
                      {text.conditions(r.match).map((line) => (
                        <div key={line}>{line}</div>
                      ))}
                    </Td>
                    <Td className="text-xs whitespace-nowrap text-slate-700">
                      {r.tiers.map((tier) => (
                        <div key={tier.tier}>{text.pay(tier)}</div>
                      ))}
                    </Td>
                    <Td className="text-right tabular-nums">{r.priority}</Td>
                    <Td>
                      {r.stackable ? (
                        <Badge tone="info">{t("stacks")}</Badge>
                      ) : (
                        <span className="text-slate-400">{t("competes")}</span>
                      )}
                    </Td>
                    <Td className="text-right tabular-nums" data-testid="rule-version">
                      v{r.version}
                    </Td>
                    <Td>
                      <Badge tone={r.enabled ? "success" : "neutral"}>
                        {r.enabled ? t("enabled") : t("disabled")}
                      </Badge>
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      {format.dateTime(r.updatedAt, { dateStyle: "medium", timeStyle: "short" })}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            {(data.total > RULES_PAGE_SIZE || page > 1) && (
              <Pagination
                className="border-t border-slate-100"
                page={page - 1}
                pageSize={RULES_PAGE_SIZE}
                total={data.total}
                onPageChange={(p) => setPage(p + 1)}
                summary={t("summary", {
                  total: data.total,
                  page,
                  pages: Math.max(1, Math.ceil(data.total / RULES_PAGE_SIZE)),
                })}
                previousLabel={t("previous")}
                nextLabel={t("next")}
                busy={list.isFetching}
              />
            )}
          </>
        )}
      </CardQuery>
    </Card>
  );
}
