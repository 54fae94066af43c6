"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { portalPath } from "./links";

/**
 * The home page's way to the incentive pages, which have no tab of their own: this month's
 * tasks and rankings, and level progress with the team bonus. Active distributors only (the
 * status card tells anyone else what to do first).
 */
export function RewardsCard({ slug }: { slug: string }) {
  const tasks = useTranslations("incentives.portal");
  const bonus = useTranslations("teamBonus.portal");
  const trpc = useTRPC();
  const status = useQuery(trpc.portalNetwork.status.queryOptions({ slug }));
  if (status.data?.distributor?.status !== "active") return null;
  const links = [
    {
      href: portalPath(slug, "tasks"),
      title: tasks("title"),
      hint: tasks("description"),
      testId: "home-tasks",
    },
    {
      href: portalPath(slug, "bonus"),
      title: bonus("title"),
      hint: bonus("homeHint"),
      testId: "home-bonus",
    },
  ];
  return (
    <nav aria-label={tasks("homeLabel")} className="grid gap-3 sm:grid-cols-2">
      {links.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          data-testid={l.testId}
          className="block rounded-xl border border-slate-200 bg-white p-4 shadow-xs focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <span className="text-sm font-medium text-slate-900">{l.title} →</span>
          <span className="mt-1 block text-xs text-slate-500">{l.hint}</span>
        </Link>
      ))}
    </nav>
  );
}
