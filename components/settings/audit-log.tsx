"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

const PAGE_SIZE = 50;

/** Newest first; "load more" pages by the last id (uuid v7 ids are time-ordered). */
export function AuditLog({ currentUserId, canListStaff }: { currentUserId: string; canListStaff: boolean }) {
  const t = useTranslations("settings.audit");
  const tr = useTranslations("common.roles");
  const tp = useTranslations("settings.program");
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const log = useInfiniteQuery({
    queryKey: [...trpc.settings.audit.queryKey(), "pages", PAGE_SIZE],
    queryFn: ({ pageParam }) => client.settings.audit.query({ limit: PAGE_SIZE, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === PAGE_SIZE ? last.at(-1)?.id : undefined),
    staleTime: 0,
  });
  // Names for staff actors, when this role may see the team list.
  const staff = useQuery({ ...trpc.staff.list.queryOptions(), enabled: canListStaff });
  const names = new Map(staff.data?.members.map((m) => [m.userId, m.name]) ?? []);

  const actorLabel = (type: string, id: string | null) => {
    if (type === "staff" && id === currentUserId) return t("actor.you");
    if (type === "staff") return (id && names.get(id)) ?? t("actor.staff");
    return t.has(`actor.${type}`) ? t(`actor.${type}`) : type;
  };
  const actionLabel = (action: string) => (t.has(`actions.${action}`) ? t(`actions.${action}`) : action);
  const fieldLabel = (field: string) => (t.has(`fields.${field}`) ? t(`fields.${field}`) : field);
  // Enum values (roles, binding modes) read better in words than as codes.
  const valueLabel = (field: string, value: unknown) => {
    if (typeof value !== "string") return show(value);
    if (field === "role" && tr.has(value)) return tr(value);
    if (field === "bindingMode" && tp.has(`bindingModes.${value}.title`)) return tp(`bindingModes.${value}.title`);
    return show(value);
  };

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      {log.isPending ? (
        <div className="px-6">
          <Loading />
        </div>
      ) : log.isError ? (
        <div className="px-6 py-5">
          <LoadError error={log.error} onRetry={() => void log.refetch()} />
        </div>
      ) : log.data.pages[0]?.length === 0 ? (
        <div className="px-6 py-5">
          <EmptyState className="border-0" title={t("emptyTitle")} description={t("emptyBody")} />
        </div>
      ) : (
        <>
          <Table data-testid="audit-table">
            <caption className="sr-only">{t("title")}</caption>
            <THead>
              <Tr>
                <Th>{t("time")}</Th>
                <Th>{t("actorColumn")}</Th>
                <Th>{t("action")}</Th>
                <Th>{t("details")}</Th>
              </Tr>
            </THead>
            <TBody>
              {log.data.pages.flat().map((row) => (
                <Tr key={row.id} data-testid="audit-row" data-action={row.action}>
                  <Td className="whitespace-nowrap text-slate-600">
                    {format.dateTime(row.createdAt, { dateStyle: "medium", timeStyle: "medium" })}
                  </Td>
                  <Td className="whitespace-nowrap">{actorLabel(row.actorType, row.actorId)}</Td>
                  <Td>
                    <Badge tone="neutral">{actionLabel(row.action)}</Badge>
                  </Td>
                  <Td className="max-w-md text-xs text-slate-600">
                    <AuditDetails data={row.data} fieldLabel={fieldLabel} valueLabel={valueLabel} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="flex justify-center border-t border-slate-100 px-6 py-4">
            {log.hasNextPage ? (
              <Button variant="secondary" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()} data-testid="audit-load-more">
                {t("loadMore")}
              </Button>
            ) : (
              <p className="text-sm text-slate-500">{t("end")}</p>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Change sets are {field: [before, after]}; other entries are plain key → value. */
function AuditDetails({
  data,
  fieldLabel,
  valueLabel,
}: {
  data: Record<string, unknown>;
  fieldLabel: (f: string) => string;
  valueLabel: (f: string, v: unknown) => string;
}) {
  const entries = Object.entries(data);
  if (!entries.length) return <span>—</span>;
  return (
    <ul className="space-y-0.5">
      {entries.map(([k, v]) => (
        <li key={k} className="break-words">
          <span className="font-medium text-slate-700">{fieldLabel(k)}</span>:{" "}
          {Array.isArray(v) && v.length === 2 ? (
            <>
              <span className="line-through decoration-slate-400">{valueLabel(k, v[0])}</span> →{" "}
              <span>{valueLabel(k, v[1])}</span>
            </>
          ) : (
            valueLabel(k, v)
          )}
        </li>
      ))}
    </ul>
  );
}
