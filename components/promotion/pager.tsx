"use client";

import { useTranslations } from "next-intl";
import { Pagination } from "@/components/ui/pagination";

/** The UI Pagination with promotion's texts; `page` is 1-based like the list procedures. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  busy,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  busy?: boolean;
}) {
  const t = useTranslations("promotion.console.pager");
  if (total <= pageSize && page === 1) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Pagination
      className="border-t border-slate-100"
      page={page - 1}
      pageSize={pageSize}
      total={total}
      onPageChange={(p) => onPage(p + 1)}
      summary={t("summary", { total, page, pages })}
      previousLabel={t("previous")}
      nextLabel={t("next")}
      busy={busy}
    />
  );
}
