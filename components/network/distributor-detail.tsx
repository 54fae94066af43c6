"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { LoadError, Loading } from "@/components/console/query-states";
import { errorInfo } from "@/components/forms/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Td, Th, Tr } from "@/components/ui/table";
import { ChangeStatusDialog, EditProfileDialog, ReparentDialog, STATUS_ACTIONS, type StatusTarget } from "./distributor-actions";
import { StatusBadge, useNetworkLabels } from "./labels";
import { formatFen } from "@/components/ui/money";
import { RejectDialog, ReviewResults, useReview, type ReviewOutcome } from "./review";
import { DistributorActivity } from "./distributor-activity";
import { PagedTableCard, TableCard } from "./table-card";
import type { DistributorDetail } from "./types";
import { UplinePath } from "./upline-path";

const PAGE = 20;

type Dialogs =
  | { kind: "status"; to: StatusTarget; action: "freeze" | "disable" | "reactivate" }
  | { kind: "profile" }
  | { kind: "reparent" }
  | { kind: "reject" }
  | null;

export function DistributorDetailView({ id, canManage }: { id: string; canManage: boolean }) {
  const t = useTranslations("network.detail");
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.distributors.detail.queryOptions({ id }, { retry: (n, e) => n < 1 && errorInfo(e).code !== "NOT_FOUND" }),
  );
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (errorInfo(detail.error).code === "NOT_FOUND") {
      return (
        <EmptyState
          data-testid="distributor-not-found"
          title={t("notFoundTitle")}
          description={t("notFoundBody")}
          action={
            <Link href="/console/distributors" className={buttonClasses("secondary")}>
              {t("backToList")}
            </Link>
          }
        />
      );
    }
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  return <DetailBody data={detail.data} canManage={canManage} />;
}

function DetailBody({ data, canManage }: { data: DistributorDetail; canManage: boolean }) {
  const t = useTranslations("network.detail");
  const labels = useNetworkLabels();
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const p = data.profile;
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ReviewOutcome | null>(null);
  const review = useReview();
  const settings = useQuery({ ...trpc.settings.get.queryOptions(), enabled: Object.keys(p.applicationData).length > 0 });
  const fieldLabels = new Map(settings.data?.applicationFields.map((f) => [f.key, f.label]) ?? []);
  const upline = data.upline;
  const date = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : "—");
  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
  };

  return (
    <div className="space-y-6" data-testid="distributor-detail">
      <div>
        <DetailPath id={p.id} name={p.name} />
        <div className="mt-2 flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
              {p.name}
              <span className="rounded bg-slate-100 px-2 py-0.5 font-mono text-base text-slate-700" data-testid="detail-code">
                {p.code}
              </span>
              <StatusBadge status={p.status} />
            </h1>
            <p className="mt-1 text-sm text-slate-600">
              {labels.role(p.role)}
              {p.region ? ` · ${p.region}` : ""}
              {p.levelName ? ` · ${p.levelName}` : ""}
            </p>
          </div>
          {canManage && (
            <div className="flex flex-wrap gap-2">
              {p.status === "applied" && (
                <>
                  <Button
                    loading={review.pendingIds.has(p.id)}
                    onClick={async () => setOutcome(await review.run([p], "approve"))}
                    data-testid="detail-approve"
                  >
                    {t("approve")}
                  </Button>
                  <Button variant="secondary" onClick={() => setDialog({ kind: "reject" })} data-testid="detail-reject">
                    {t("reject")}
                  </Button>
                </>
              )}
              {STATUS_ACTIONS[p.status].map((a) => (
                <Button
                  key={a.action}
                  variant={a.to === "active" ? "primary" : "secondary"}
                  onClick={() => setDialog({ kind: "status", ...a })}
                  data-testid={`status-${a.action}`}
                >
                  {t(`actions.${a.action}`)}
                </Button>
              ))}
              <Button variant="secondary" onClick={() => setDialog({ kind: "profile" })} data-testid="edit-profile-button">
                {t("actions.edit")}
              </Button>
              <Button variant="secondary" onClick={() => setDialog({ kind: "reparent" })} data-testid="reparent-button">
                {t("actions.reparent")}
              </Button>
            </div>
          )}
        </div>
      </div>

      {notice && (
        <Alert tone="success" data-testid="detail-notice">
          <div className="flex items-start justify-between gap-3">
            <span>{notice}</span>
            <button type="button" className="text-xs underline" onClick={() => setNotice(null)}>
              {t("dismiss")}
            </button>
          </div>
        </Alert>
      )}
      {outcome && <ReviewResults outcome={outcome} onDismiss={() => setOutcome(null)} />}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title={t("profileTitle")} />
          <CardBody>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2" data-testid="detail-profile">
              <Item label={t("code")}>
                <span className="font-mono">{p.code}</span>
              </Item>
              <Item label={t("name")}>{p.name}</Item>
              <Item label={t("phone")}>{p.phoneMasked ?? "—"}</Item>
              <Item label={t("status")}>
                <StatusBadge status={p.status} />
              </Item>
              <Item label={t("role")}>{labels.role(p.role)}</Item>
              <Item label={t("region")}>{p.region ?? "—"}</Item>
              <Item label={t("level")}>{p.levelName ?? t("noLevel")}</Item>
              <Item label={t("customers")}>{p.directCustomerCount}</Item>
              <Item label={t("gmv")}>{formatFen(p.gmvFen, locale)}</Item>
              <Item label={t("orders")}>{p.orderCount}</Item>
              <Item label={t("appliedAt")}>{date(p.appliedAt)}</Item>
              <Item label={t("approvedAt")}>{date(p.approvedAt)}</Item>
              {p.rejectReason && (
                <Item label={t("rejectReason")} wide>
                  {p.rejectReason}
                </Item>
              )}
              {p.applicationNote && (
                <Item label={t("applicationNote")} wide>
                  <span className="whitespace-pre-wrap">{p.applicationNote}</span>
                </Item>
              )}
              {Object.entries(p.applicationData)
                .filter(([, v]) => v)
                .map(([k, v]) => (
                  <Item key={k} label={fieldLabels.get(k) ?? k}>
                    {v}
                  </Item>
                ))}
            </dl>
          </CardBody>
        </Card>

        <div className="space-y-6">
          <Card data-testid="detail-chain">
            <CardHeader title={t("chainTitle")} description={t("chainDescription", { levels: data.commissionLevels, uplines: data.commissionLevels - 1 })} />
            <CardBody>
              <ol className="space-y-3">
                <ChainItem tier={1} name={p.name} code={p.code} status={p.status} self />
                {data.uplines.map((u) => (
                  <ChainItem key={u.id} tier={u.tier} id={u.id} name={u.name} code={u.code} status={u.status} />
                ))}
              </ol>
              {!upline && <p className="mt-3 text-sm text-slate-600">{t("topLevel")}</p>}
              {upline && !data.uplines.length && <p className="mt-3 text-sm text-slate-600">{t("sellerOnly")}</p>}
            </CardBody>
          </Card>
          <Card data-testid="detail-counts">
            <CardHeader title={t("teamTitle")} description={t("teamTotal", { count: data.counts.total })} />
            <CardBody>
              {data.counts.levels.length === 0 ? (
                <p className="text-sm text-slate-600">{t("noTeam")}</p>
              ) : (
                <dl className="space-y-2 text-sm">
                  {data.counts.levels.map((l) => (
                    <div key={l.level} className="flex justify-between gap-3">
                      <dt className="text-slate-600">{t("teamLevel", { level: l.level })}</dt>
                      <dd className="tabular-nums">{t("teamLevelCount", { total: l.total, active: l.active })}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </CardBody>
          </Card>
        </div>
      </div>

      <DistributorActivity id={p.id} />
      <Downline id={p.id} total={data.directCount} />
      <Customers id={p.id} />
      <StatusHistory rows={data.history} />
      <ReparentHistory rows={data.reparents} />

      {dialog?.kind === "status" && <ChangeStatusDialog profile={p} action={dialog} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === "profile" && <EditProfileDialog profile={p} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === "reparent" && (
        <ReparentDialog profile={p} currentUpline={upline} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === "reject" && (
        <RejectDialog
          targets={[p]}
          onClose={() => setDialog(null)}
          onDone={(o) => {
            setDialog(null);
            setOutcome(o);
          }}
        />
      )}
    </div>
  );
}

/** Distributors › root › … › upline › this distributor, each upline a link to its page. */
function DetailPath({ id, name }: { id: string; name: string }) {
  const t = useTranslations("network.detail");
  const trpc = useTRPC();
  // Until the chain arrives (or if it fails) the trail is just the list and this distributor.
  const uplines = useQuery(trpc.team.ancestors.queryOptions({ id })).data ?? [];
  const link = "hover:text-slate-900 hover:underline";
  return (
    <UplinePath
      label={t("pathLabel")}
      lead={
        <Link href="/console/distributors" className={link}>
          {t("backToList")}
        </Link>
      }
      uplines={uplines}
      current={name}
      item={(u) => (
        <Link href={`/console/distributors/${u.id}`} className={link} data-testid={`path-${u.code}`}>
          {u.name}
        </Link>
      )}
    />
  );
}

function Item({ label, children, wide }: { label: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function ChainItem({
  tier,
  id,
  name,
  code,
  status,
  self,
}: {
  tier: number;
  id?: string;
  name: string;
  code: string;
  status: DistributorDetail["profile"]["status"];
  self?: boolean;
}) {
  const t = useTranslations("network.detail");
  return (
    <li className="flex items-center gap-3" data-testid={`chain-tier-${tier}`}>
      <Badge tone={self ? "brand" : "neutral"}>{t("tier", { tier })}</Badge>
      <span className="min-w-0 text-sm">
        {id ? (
          <Link href={`/console/distributors/${id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
            {name}
          </Link>
        ) : (
          <span className="font-medium text-slate-900">{name}</span>
        )}{" "}
        <span className="font-mono text-xs text-slate-500">{code}</span>
      </span>
      <StatusBadge status={status} className="ml-auto" />
    </li>
  );
}

function Downline({ id, total }: { id: string; total: number }) {
  const t = useTranslations("network.detail");
  const labels = useNetworkLabels();
  const trpc = useTRPC();
  const [page, setPage] = useState(0);
  const q = useQuery(trpc.team.children.queryOptions({ parentId: id, limit: PAGE, offset: page * PAGE }, { placeholderData: keepPreviousData }));
  const count = q.data?.total ?? total;
  return (
    <PagedTableCard
      testId="detail-downline"
      title={t("downlineTitle")}
      description={t("downlineDescription", { count })}
      query={q}
      emptyText={t("noDownline")}
      page={page}
      pageSize={PAGE}
      total={count}
      onPageChange={setPage}
      head={
        <>
          <Th>{t("name")}</Th>
          <Th>{t("status")}</Th>
          <Th>{t("role")}</Th>
          <Th className="text-right">{t("direct")}</Th>
          <Th className="text-right">{t("team")}</Th>
        </>
      }
      row={(d) => (
        <Tr key={d.id} data-testid={`downline-${d.code}`}>
          <Td>
            <Link href={`/console/distributors/${d.id}`} className="font-medium hover:text-brand-700 hover:underline">
              {d.name}
            </Link>{" "}
            <span className="font-mono text-xs text-slate-500">{d.code}</span>
          </Td>
          <Td>
            <StatusBadge status={d.status} />
          </Td>
          <Td>{labels.role(d.role)}</Td>
          <Td className="text-right tabular-nums">{d.directCount}</Td>
          <Td className="text-right tabular-nums">{d.teamCount}</Td>
        </Tr>
      )}
    />
  );
}

function Customers({ id }: { id: string }) {
  const t = useTranslations("network.detail");
  const labels = useNetworkLabels();
  const format = useFormatter();
  const trpc = useTRPC();
  const [page, setPage] = useState(0);
  const q = useQuery(
    trpc.distributors.customers.queryOptions({ distributorId: id, limit: PAGE, offset: page * PAGE }, { placeholderData: keepPreviousData }),
  );
  const count = q.data?.total ?? 0;
  return (
    <PagedTableCard
      testId="detail-customers"
      title={t("customersTitle")}
      description={t("customersDescription", { count })}
      query={q}
      emptyText={t("noCustomers")}
      page={page}
      pageSize={PAGE}
      total={count}
      onPageChange={setPage}
      head={
        <>
          <Th>{t("buyer")}</Th>
          <Th>{t("source")}</Th>
          <Th>{t("boundAt")}</Th>
          <Th>{t("protectedUntil")}</Th>
        </>
      }
      row={(c) => (
        <Tr key={c.memberId}>
          <Td className="font-mono">{c.masked ?? "—"}</Td>
          <Td>{labels.source(c.source)}</Td>
          <Td className="whitespace-nowrap text-slate-600">{format.dateTime(c.boundAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
          <Td className="whitespace-nowrap text-slate-600">
            {c.protectedUntil ? format.dateTime(c.protectedUntil, { dateStyle: "medium" }) : t("notProtected")}
          </Td>
        </Tr>
      )}
    />
  );
}

function StatusHistory({ rows }: { rows: DistributorDetail["history"] }) {
  const t = useTranslations("network.detail");
  const labels = useNetworkLabels();
  const format = useFormatter();
  return (
    <TableCard
      testId="detail-history"
      title={t("historyTitle")}
      items={rows}
      head={
        <>
          <Th>{t("time")}</Th>
          <Th>{t("change")}</Th>
          <Th>{t("reason")}</Th>
          <Th>{t("by")}</Th>
        </>
      }
      row={(h) => (
        <Tr key={h.id}>
          <Td className="whitespace-nowrap text-slate-600">{format.dateTime(h.createdAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
          <Td className="whitespace-nowrap">
            {h.fromStatus ? (
              <>
                <StatusBadge status={h.fromStatus} /> <span aria-hidden="true">→</span>
                <span className="sr-only">{t("to")}</span> <StatusBadge status={h.toStatus} />
              </>
            ) : (
              <>
                {t("created")} <StatusBadge status={h.toStatus} />
              </>
            )}
          </Td>
          <Td className="text-slate-700">{h.reason === "reapplied" ? t("reapplied") : (h.reason ?? "—")}</Td>
          <Td className="text-slate-600">{labels.actor(h.actorType)}</Td>
        </Tr>
      )}
    />
  );
}

function ReparentHistory({ rows }: { rows: DistributorDetail["reparents"] }) {
  const t = useTranslations("network.detail");
  const labels = useNetworkLabels();
  const format = useFormatter();
  return (
    <TableCard
      testId="detail-reparents"
      title={t("reparentsTitle")}
      description={t("reparentsDescription")}
      emptyText={t("noReparents")}
      items={rows}
      head={
        <>
          <Th>{t("time")}</Th>
          <Th>{t("fromUpline")}</Th>
          <Th>{t("toUpline")}</Th>
          <Th>{t("reason")}</Th>
          <Th>{t("by")}</Th>
        </>
      }
      row={(r) => (
        <Tr key={r.id}>
          <Td className="whitespace-nowrap text-slate-600">{format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
          <Td data-testid="reparent-from">
            <UplineRef id={r.fromUplineId} upline={r.fromUpline} />
          </Td>
          <Td data-testid="reparent-to">
            <UplineRef id={r.toUplineId} upline={r.toUpline} />
          </Td>
          <Td className="text-slate-700">{r.reason}</Td>
          <Td className="text-slate-600">{labels.actor(r.actorType)}</Td>
        </Tr>
      )}
    />
  );
}

/** An old or new upline in the re-parent log: its name and code, or the top level. */
function UplineRef({ id, upline }: { id: string | null; upline: { id: string; code: string; name: string } | null }) {
  const t = useTranslations("network.detail");
  if (!id) return <span className="text-slate-500">{t("topLevelShort")}</span>;
  // The log keeps ids without a foreign key; a row it names should exist, but show the id if not.
  if (!upline) return <span className="font-mono text-xs text-slate-500">{id}</span>;
  return (
    <Link href={`/console/distributors/${upline.id}`} className="hover:text-brand-700 hover:underline">
      {upline.name} <span className="font-mono text-xs text-slate-500">{upline.code}</span>
    </Link>
  );
}
