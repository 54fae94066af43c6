"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { RuleTierPay } from "@/db/schema/commission";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RuleVersion } from "./types";
import { useRuleText } from "./use-rule-text";

/** Who wrote each version, when, and what it changed against the one before. */
export function VersionHistory({
  versions,
  current,
}: {
  versions: RuleVersion[];
  current: number;
}) {
  const t = useTranslations("rules.history");
  const td = useTranslations("rules.detail");
  const format = useFormatter();
  const text = useRuleText();

  const who = (actor: RuleVersion["actor"]) =>
    actor.name ?? (t.has(`actor.${actor.type}`) ? t(`actor.${actor.type}`) : actor.type);
  // Diff paths are "name", "match.skus", …: the label is the last part.
  const label = (path: string) => {
    const key = path.replace(/^match\./, "");
    return t.has(`field.${key}`) ? t(`field.${key}`) : path;
  };
  const value = (path: string, v: unknown): string => {
    if (v === null || v === undefined) return t("none");
    if (path === "tiers") return (v as RuleTierPay[]).map(text.pay).join(" · ");
    if (path === "match.channels") return text.list((v as string[]).map(text.channel));
    if (Array.isArray(v)) return text.list(v as string[]);
    if (path === "match.from" || path === "match.until") return text.time(v as string);
    if (path === "match.hours") {
      const h = v as { from: number; to: number };
      return `${String(h.from).padStart(2, "0")}:00–${String(h.to).padStart(2, "0")}:00`;
    }
    if (typeof v === "boolean") return v ? td("yes") : td("no");
    return typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v);
  };

  return (
    <Card data-testid="rule-history">
      <CardHeader title={t("title")} description={t("description")} />
      <Table>
        <caption className="sr-only">{t("title")}</caption>
        <THead>
          <Tr>
            <Th>{t("version")}</Th>
            <Th>{t("when")}</Th>
            <Th>{t("who")}</Th>
            <Th>{t("changes")}</Th>
          </Tr>
        </THead>
        <TBody>
          {versions.map((v) => (
            <Tr key={v.version} data-testid="rule-history-row" data-version={v.version}>
              <Td className="whitespace-nowrap tabular-nums">
                v{v.version} {v.version === current && <Badge tone="brand">{t("current")}</Badge>}
              </Td>
              <Td className="whitespace-nowrap text-slate-600">
                {format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short" })}
              </Td>
              <Td className="whitespace-nowrap">{who(v.actor)}</Td>
              <Td className="text-xs text-slate-700">
                {v.version === 1 ? (
                  <span className="text-slate-500">{t("firstVersion")}</span>
                ) : (
                  <ul className="space-y-0.5">
                    {Object.entries(v.changes).map(([path, [before, after]]) => (
                      <li key={path} data-testid="rule-history-change" data-field={path}>
                        <span className="font-medium">{label(path)}</span>:{" "}
                        <span className="text-slate-500 line-through decoration-slate-400">
                          {value(path, before)}
                        </span>{" "}
                        → <span>{value(path, after)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
