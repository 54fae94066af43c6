"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { portalPath } from "./links";
import { ActiveOnly, LoadMoreList, PortalQueryState } from "./list-frame";
import { customerPagesOptions, LIST_PAGE_SIZE } from "./list-queries";

const SOURCES = new Set(["link", "qr", "poster", "order_code", "manual"]);

/** My Customers: buyers currently bound to me, masked, newest first. */
export function CustomersView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("portal.customers");
  const path = portalPath(slug, "customers");
  return (
    <div className="space-y-5" data-testid="customers-page">
      <div className="space-y-1 px-1">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("description")}</p>
      </div>
      <ActiveOnly slug={slug} brandName={brandName} path={path}>
        {() => <Customers slug={slug} path={path} />}
      </ActiveOnly>
    </div>
  );
}

function Customers({ slug, path }: { slug: string; path: string }) {
  const t = useTranslations("portal.customers");
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();
  // Read once: whether a protection period has ended does not need to tick while you look.
  const [now] = useState(() => Date.now());
  const list = useInfiniteQuery(
    customerPagesOptions(trpc.portalNetwork.customers.queryKey({ slug }), (offset) =>
      client.portalNetwork.customers.query({ slug, limit: LIST_PAGE_SIZE, offset }),
    ),
  );

  if (!list.isSuccess) return <PortalQueryState query={list} slug={slug} path={path} />;
  const items = list.data.pages.flatMap((p) => p.items);
  const total = list.data.pages.at(-1)?.total ?? 0;
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });

  if (items.length === 0) {
    return (
      <section
        className="space-y-4 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center"
        data-testid="customers-empty"
      >
        <h2 className="text-base font-semibold text-slate-900">{t("emptyTitle")}</h2>
        <p className="text-sm text-slate-600">{t("emptyBody")}</p>
        <Link
          href={portalPath(slug, "promote")}
          className={buttonClasses("primary", "lg", "w-full")}
          data-testid="customers-promote"
        >
          {t("emptyCta")}
        </Link>
      </section>
    );
  }

  return (
    <LoadMoreList
      headingId="customers-list-title"
      heading={
        <h2 id="customers-list-title" className="px-1 text-sm font-medium text-slate-700">
          {t("totalCount", { count: total })}
        </h2>
      }
      list={list}
      moreLabel={t("loadMore", { shown: items.length, total })}
      moreTestId="customers-load-more"
    >
      {items.map((c, i) => {
        const protectedUntil = c.protectedUntil;
        return (
          <li
            // Bindings have no public id; position + time is stable within a loaded list.
            key={`${c.boundAt.getTime()}-${i}`}
            className="flex items-center justify-between gap-3 px-4 py-3"
            data-testid="customer-row"
            data-source={c.source}
          >
            <div className="min-w-0">
              <p className="font-medium tracking-wide text-slate-900">
                {c.masked ?? t("anonymous")}
              </p>
              <p className="text-xs text-slate-500">{t("boundAt", { date: day(c.boundAt) })}</p>
              {protectedUntil && (
                <p className="text-xs text-slate-500">
                  {protectedUntil.getTime() > now
                    ? t("protectedUntil", { date: day(protectedUntil) })
                    : t("protectionEnded", { date: day(protectedUntil) })}
                </p>
              )}
            </div>
            <Badge tone="info">{SOURCES.has(c.source) ? t(`sources.${c.source}`) : c.source}</Badge>
          </li>
        );
      })}
    </LoadMoreList>
  );
}
