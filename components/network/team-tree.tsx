"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge, useNetworkLabels } from "./labels";
import type { DistributorRow, TreeNode } from "./types";
import { UplinePath } from "./upline-path";

const PAGE = 20;

type Focus = Pick<DistributorRow, "id" | "code" | "name" | "status"> & { role?: DistributorRow["role"] };

/** The referral tree, expanded lazily from the roots, or from one distributor found by search. */
export function TeamTree() {
  const t = useTranslations("network.team");
  const [focus, setFocus] = useState<Focus | null>(null);
  return (
    <div className="space-y-4">
      <TeamSearch onPick={setFocus} />
      <Card>
        <CardBody className="px-3 py-4 sm:px-4">
          {focus ? (
            <FocusedTree focus={focus} onFocus={setFocus} onClear={() => setFocus(null)} />
          ) : (
            <ul data-testid="team-tree" className="space-y-0.5" aria-label={t("treeLabel")}>
              <ChildrenList parentId={null} level={1} roots />
            </ul>
          )}
        </CardBody>
      </Card>
    </div>
  );
}

function TeamSearch({ onPick }: { onPick: (f: Focus) => void }) {
  const t = useTranslations("network.team");
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({ ...trpc.distributors.list.queryOptions({ q, limit: 10, offset: 0 }), enabled: !!q });
  return (
    <div role="search" className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {t("search")}
      </label>
      <div className="relative max-w-xl">
        <Input
          id={id}
          type="search"
          value={text}
          maxLength={60}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("searchPlaceholder")}
          data-testid="team-search"
        />
        {results.isFetching && <Spinner className="absolute top-3 right-3 text-slate-400" />}
      </div>
      <div aria-live="polite" className="max-w-xl">
        {q && results.isSuccess && results.data.items.length === 0 && <p className="text-sm text-slate-500">{t("noMatch")}</p>}
        {q && !!results.data?.items.length && (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
            {results.data.items.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  className="flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
                  onClick={() => {
                    onPick(d);
                    setText("");
                    setQ("");
                  }}
                  data-testid={`team-search-result-${d.code}`}
                >
                  <span>
                    <span className="font-medium text-slate-900">{d.name}</span>{" "}
                    <span className="font-mono text-xs text-slate-500">{d.code}</span>
                  </span>
                  <StatusBadge status={d.status} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** One distributor as the root, with its whole upline chain as a path to walk up. */
function FocusedTree({ focus, onFocus, onClear }: { focus: Focus; onFocus: (f: Focus) => void; onClear: () => void }) {
  const t = useTranslations("network.team");
  const trpc = useTRPC();
  const uplines = useQuery(trpc.team.ancestors.queryOptions({ id: focus.id }));
  const counts = useQuery(trpc.team.counts.queryOptions({ id: focus.id }));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2 px-1">
        <UplinePath
          label={t("pathLabel")}
          uplines={uplines.data ?? []}
          current={focus.name}
          item={(u) => (
            <button
              type="button"
              className="rounded px-1 hover:text-brand-700 hover:underline"
              onClick={() => onFocus({ id: u.id, code: u.code, name: u.name, status: u.status })}
              data-testid={`team-path-${u.code}`}
            >
              {u.name}
            </button>
          )}
        />
        <Button variant="ghost" size="sm" onClick={onClear} data-testid="team-show-all">
          {t("showAll")}
        </Button>
      </div>
      <ul data-testid="team-tree" className="space-y-0.5" aria-label={t("treeLabel")}>
        <li data-testid={`team-node-${focus.code}`}>
          <NodeRow
            node={{ ...focus, teamCount: counts.data?.total }}
            expanded
            canExpand={false}
            onToggle={() => undefined}
          />
          <ul className="ml-4 space-y-0.5 border-l border-slate-200 pl-3">
            <ChildrenList parentId={focus.id} level={2} />
          </ul>
        </li>
      </ul>
    </div>
  );
}

function ChildrenList({ parentId, level, roots }: { parentId: string | null; level: number; roots?: boolean }) {
  const t = useTranslations("network.team");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const q = useInfiniteQuery({
    queryKey: [...trpc.team.children.queryKey({ parentId }), "pages", PAGE],
    queryFn: ({ pageParam }) => client.team.children.query({ parentId, limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });
  if (q.isPending) {
    return (
      <li className="px-2">
        <Loading />
      </li>
    );
  }
  if (q.isError) {
    return (
      <li className="px-2 py-2">
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      </li>
    );
  }
  const items = q.data.pages.flatMap((p) => p.items);
  const total = q.data.pages.at(-1)?.total ?? 0;
  if (!items.length) {
    return roots ? (
      <li>
        <EmptyState
          className="border-0"
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <Link href="/console/distributors" className={buttonClasses("secondary")}>
              {t("goToDistributors")}
            </Link>
          }
        />
      </li>
    ) : (
      <li className="px-2 py-1 text-sm text-slate-500">{t("noChildren")}</li>
    );
  }
  return (
    <>
      {items.map((n) => (
        <TreeItem key={n.id} node={n} level={level} />
      ))}
      {q.hasNextPage && (
        <li className="px-2 py-1">
          <Button
            variant="ghost"
            size="sm"
            loading={q.isFetchingNextPage}
            onClick={() => void q.fetchNextPage()}
            data-testid="team-load-more"
          >
            {t("loadMore", { shown: items.length, total })}
          </Button>
        </li>
      )}
    </>
  );
}

function TreeItem({ node, level }: { node: TreeNode; level: number }) {
  const [expanded, setExpanded] = useState(false);
  const groupId = useId();
  return (
    <li data-testid={`team-node-${node.code}`} data-level={level}>
      <NodeRow node={node} expanded={expanded} canExpand={node.directCount > 0} onToggle={() => setExpanded((e) => !e)} groupId={groupId} />
      {expanded && (
        <ul id={groupId} className="ml-4 space-y-0.5 border-l border-slate-200 pl-3">
          <ChildrenList parentId={node.id} level={level + 1} />
        </ul>
      )}
    </li>
  );
}

function NodeRow({
  node,
  expanded,
  canExpand,
  onToggle,
  groupId,
}: {
  node: Focus & { directCount?: number; teamCount?: number };
  expanded: boolean;
  canExpand: boolean;
  onToggle: () => void;
  groupId?: string;
}) {
  const t = useTranslations("network.team");
  const labels = useNetworkLabels();
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md px-1 py-1.5 hover:bg-slate-50">
      {canExpand ? (
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={expanded}
          aria-controls={expanded ? groupId : undefined}
          aria-label={t(expanded ? "collapse" : "expand", { name: node.name })}
          className="grid size-6 place-items-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
          data-testid={`team-toggle-${node.code}`}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className={`size-4 transition-transform ${expanded ? "rotate-90" : ""}`} fill="currentColor">
            <path d="M7 5l6 5-6 5z" />
          </svg>
        </button>
      ) : (
        <span className="size-6" aria-hidden="true" />
      )}
      <Link href={`/console/distributors/${node.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
        {node.name}
      </Link>
      <span className="font-mono text-xs text-slate-500">{node.code}</span>
      <StatusBadge status={node.status} />
      {node.role && node.role !== "distributor" && <span className="text-xs text-slate-600">{labels.role(node.role)}</span>}
      <span className="ml-auto text-xs text-slate-500 tabular-nums">
        {node.directCount !== undefined && t("direct", { count: node.directCount })}
        {node.directCount !== undefined && node.teamCount !== undefined && " · "}
        {node.teamCount !== undefined && t("teamCount", { count: node.teamCount })}
      </span>
    </div>
  );
}
