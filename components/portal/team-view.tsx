"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { InvitePanel } from "./invite-panel";
import { portalPath } from "./links";
import { ActiveOnly, LoadMoreList, PortalQueryState } from "./list-frame";
import { teamPagesOptions, LIST_PAGE_SIZE } from "./list-queries";
import type { PortalDistributor } from "./portal-types";
import { STATUS_TONE } from "./status-card";

/** My Team: per-level counts (within the tiers that earn commission) and the members, newest first. */
export function TeamView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("portal.team");
  const path = portalPath(slug, "team");
  return (
    <div className="space-y-5" data-testid="team-page">
      <h1 className="px-1 text-xl font-semibold text-slate-900">{t("title")}</h1>
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {(me, status) => (
          <Team
            slug={slug}
            path={path}
            brandName={brandName}
            me={me}
            depth={Math.max(1, status.commissionLevels - 1)}
            earnsOnTeam={status.commissionLevels > 1}
          />
        )}
      </ActiveOnly>
    </div>
  );
}

function Team({
  slug,
  path,
  brandName,
  me,
  depth,
  earnsOnTeam,
}: {
  slug: string;
  path: string;
  brandName: string;
  me: PortalDistributor;
  /** The brand pays more than one tier, so the team's sales earn me a share. */
  earnsOnTeam: boolean;
  /** Levels below me that earn me commission (the brand's commission levels minus my own). */
  depth: number;
}) {
  const t = useTranslations("portal.team");
  const ts = useTranslations("portal.statuses");
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const team = useInfiniteQuery(
    teamPagesOptions(trpc.portalNetwork.team.queryKey({ slug }), (offset) =>
      client.portalNetwork.team.query({ slug, limit: LIST_PAGE_SIZE, offset }),
    ),
  );

  if (!team.isSuccess) return <PortalQueryState query={team} slug={slug} path={path} />;
  const first = team.data.pages[0];
  const members = team.data.pages.flatMap((p) => p.members);
  const total = team.data.pages.at(-1)?.total ?? 0;
  // Every level that earns me commission, with zeros where nobody is yet.
  const levels = Array.from({ length: depth }, (_, i) => {
    const found = first?.levels.find((l) => l.level === i + 1);
    return { level: i + 1, total: found?.total ?? 0, active: found?.active ?? 0 };
  });

  return (
    <>
      <p className="px-1 text-sm text-slate-600">
        {t("description", { depth, team: earnsOnTeam ? "yes" : "no" })}
      </p>
      <section
        aria-label={t("levelsLabel")}
        data-testid="team-levels"
        className={`grid gap-3 ${depth > 1 ? "grid-cols-2" : "grid-cols-1"}`}
      >
        {levels.map((l) => (
          <div
            key={l.level}
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
            data-testid={`team-level-${l.level}`}
          >
            <p className="text-xs text-slate-500">{t("levelName", { level: l.level })}</p>
            <p className="mt-1 text-2xl font-semibold text-slate-900">{l.total}</p>
            <p className={`text-xs ${l.active > 0 ? "text-emerald-700" : "text-slate-500"}`}>
              {t("activeCount", { count: l.active })}
            </p>
          </div>
        ))}
      </section>

      {members.length === 0 ? (
        <section
          className="space-y-4 rounded-xl border border-dashed border-slate-300 bg-white p-5"
          data-testid="team-empty"
        >
          <div className="space-y-1 text-center">
            <h2 className="text-base font-semibold text-slate-900">{t("emptyTitle")}</h2>
            <p className="text-sm text-slate-600">{t("emptyBody", { brand: brandName })}</p>
          </div>
          <InvitePanel slug={slug} code={me.code} name={me.name} brandName={brandName} />
        </section>
      ) : (
        <LoadMoreList
          headingId="team-members-title"
          heading={
            <h2
              id="team-members-title"
              className="flex justify-between px-1 text-sm font-medium text-slate-700"
            >
              <span>{t("membersTitle")}</span>
              <span className="font-normal text-slate-500">
                {t("totalCount", { count: total })}
              </span>
            </h2>
          }
          list={team}
          moreLabel={t("loadMore", { shown: members.length, total })}
          moreTestId="team-load-more"
        >
          {members.map((m) => (
            <li
              key={m.code}
              className="flex items-center gap-3 px-4 py-3"
              data-testid={`team-member-${m.code}`}
            >
              <span
                aria-hidden="true"
                className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-100 text-sm font-semibold text-slate-600"
              >
                {Array.from(m.name)[0] ?? "?"}
              </span>
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-2">
                  <span className="truncate font-medium text-slate-900">{m.name}</span>
                  <span className="font-mono text-xs text-slate-500">{m.code}</span>
                </p>
                <p className="text-xs text-slate-500">
                  {t("joined", { date: format.dateTime(m.joinedAt, { dateStyle: "medium" }) })}
                </p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                <Badge tone={STATUS_TONE[m.status]}>{ts(m.status)}</Badge>
                {depth > 1 && (
                  <span className="text-xs text-slate-500">
                    {t("levelName", { level: m.level })}
                  </span>
                )}
              </div>
            </li>
          ))}
        </LoadMoreList>
      )}
    </>
  );
}
