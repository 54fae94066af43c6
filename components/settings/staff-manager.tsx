"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { LoadError, Loading } from "@/components/console/query-states";
import { applyFieldErrors } from "@/components/forms/trpc-error";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { STAFF_ROLES, type StaffRole } from "@/server/auth/permissions";
import { inviteSchema } from "@/server/tenancy/schemas";

const INVITABLE = inviteSchema.shape.role.options;
type InviteInput = z.input<typeof inviteSchema>;

export function StaffManager({ currentUserId, currentRole }: { currentUserId: string; currentRole: StaffRole }) {
  const trpc = useTRPC();
  const staff = useQuery(trpc.staff.list.queryOptions());
  return (
    <div className="space-y-8">
      <InviteCard />
      {staff.isPending ? (
        <Loading />
      ) : staff.isError ? (
        <LoadError error={staff.error} onRetry={() => void staff.refetch()} />
      ) : (
        <>
          <MembersCard members={staff.data.members} currentUserId={currentUserId} currentRole={currentRole} />
          <PendingCard pending={staff.data.pending} />
        </>
      )}
    </div>
  );
}

function useInvalidateStaff() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.settings.onboarding.queryKey() }),
    ]);
}

function InviteCard() {
  const t = useTranslations("settings.staff");
  const tr = useTranslations("common.roles");
  const format = useFormatter();
  const trpc = useTRPC();
  const errors = useErrorMessages();
  const invalidate = useInvalidateStaff();
  const invite = useMutation(trpc.staff.invite.mutationOptions());
  const [created, setCreated] = useState<{ link: string; email: string; role: string; expiresAt: Date } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<InviteInput>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: "", role: "operator" },
  });
  const fe = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const r = await invite.mutateAsync(values);
      setCreated({ link: r.link, email: values.email, role: values.role, expiresAt: r.expiresAt });
      reset({ email: "", role: values.role });
      await invalidate();
    } catch (e) {
      if (!applyFieldErrors(e, ["email", "role"] as const, setError)) setFormError(errors.describe(e));
    }
  });

  return (
    <Card>
      <CardHeader title={t("inviteTitle")} description={t("inviteDescription")} />
      <CardBody className="space-y-5">
        {created && (
          <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4" role="status" data-testid="invite-created">
            <p className="text-sm font-semibold text-emerald-900">
              {t("inviteCreated", { email: created.email, role: tr(created.role) })}
            </p>
            <p className="mt-1 text-sm text-emerald-900">
              {t("inviteLinkOnce", { date: format.dateTime(created.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}
            </p>
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <code
                className="min-w-0 flex-1 rounded border border-emerald-200 bg-white px-3 py-2 font-mono text-xs break-all text-slate-800"
                data-testid="invite-link"
              >
                {created.link}
              </code>
              <CopyButton value={created.link} label={t("copyLink")} data-testid="invite-link-copy" />
              <Button variant="ghost" size="sm" onClick={() => setCreated(null)}>
                {t("done")}
              </Button>
            </div>
          </div>
        )}
        {formError && <Alert tone="danger">{formError}</Alert>}
        <form onSubmit={onSubmit} noValidate className="grid items-start gap-4 sm:grid-cols-[1fr_14rem_auto]">
          <Field id="invite-email" label={t("email")} error={errors.field(fe.email?.message)} required>
            <Input {...register("email")} type="email" autoComplete="off" placeholder="name@example.com" data-testid="invite-email" />
          </Field>
          <Field id="invite-role" label={t("role")} error={errors.field(fe.role?.message)} required>
            <Select {...register("role")} data-testid="invite-role">
              {INVITABLE.map((r) => (
                <option key={r} value={r}>
                  {tr(r)}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" className="sm:mt-6.5" loading={formState.isSubmitting} data-testid="invite-submit">
            {t("inviteSubmit")}
          </Button>
        </form>
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">{t("rolesExplained")}</summary>
          <dl className="mt-3 grid gap-x-4 gap-y-2 sm:grid-cols-[8rem_1fr]">
            {STAFF_ROLES.map((r) => (
              <div key={r} className="contents">
                <dt className="font-medium text-slate-800">{tr(r)}</dt>
                <dd>{t(`roleDescriptions.${r}`)}</dd>
              </div>
            ))}
          </dl>
        </details>
      </CardBody>
    </Card>
  );
}

interface MemberRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  joinedAt: Date;
}

function MembersCard({
  members,
  currentUserId,
  currentRole,
}: {
  members: MemberRow[];
  currentUserId: string;
  currentRole: StaffRole;
}) {
  const t = useTranslations("settings.staff");
  const format = useFormatter();
  return (
    <Card>
      <CardHeader title={t("membersTitle")} description={t("membersDescription", { count: members.length })} />
      <Table data-testid="staff-members">
        <caption className="sr-only">{t("membersTitle")}</caption>
        <THead>
          <Tr>
            <Th>{t("name")}</Th>
            <Th>{t("email")}</Th>
            <Th>{t("role")}</Th>
            <Th>{t("joined")}</Th>
            <Th className="text-right">
              <span className="sr-only">{t("actions")}</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {members.map((m) => (
            <MemberRowView
              key={m.membershipId}
              member={m}
              isSelf={m.userId === currentUserId}
              currentRole={currentRole}
              joined={format.dateTime(m.joinedAt, { dateStyle: "medium" })}
            />
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

function MemberRowView({
  member,
  isSelf,
  currentRole,
  joined,
}: {
  member: MemberRow;
  isSelf: boolean;
  currentRole: StaffRole;
  joined: string;
}) {
  const t = useTranslations("settings.staff");
  const tr = useTranslations("common.roles");
  const trpc = useTRPC();
  const errors = useErrorMessages();
  const invalidate = useInvalidateStaff();
  const [error, setError] = useState<string | null>(null);
  const ownerRules = {
    FORBIDDEN: t("errors.ownerOnly"),
    PRECONDITION_FAILED: t("errors.lastOwner"),
    NOT_FOUND: t("errors.memberGone"),
  };
  const changeRole = useMutation(
    trpc.staff.changeRole.mutationOptions({
      onSuccess: () => {
        setError(null);
        return invalidate();
      },
      onError: (e) => setError(errors.describe(e, ownerRules)),
    }),
  );
  const remove = useMutation(trpc.staff.remove.mutationOptions({ onSuccess: () => invalidate() }));
  // Only an owner may grant, change or remove the owner role; nobody edits themselves here.
  const editable = !isSelf && (member.role !== "owner" || currentRole === "owner");
  const roleChoices = STAFF_ROLES.filter((r) => r !== "owner" || currentRole === "owner" || member.role === "owner");
  return (
    <Tr data-testid={`staff-row-${member.email}`}>
      <Td className="font-medium">
        {member.name}
        {isSelf && (
          <Badge tone="brand" className="ml-2">
            {t("you")}
          </Badge>
        )}
      </Td>
      <Td className="break-all text-slate-600">{member.email}</Td>
      <Td>
        {editable ? (
          <div className="space-y-1">
            <Select
              aria-label={t("roleFor", { name: member.name })}
              value={member.role}
              disabled={changeRole.isPending}
              onChange={(e) => changeRole.mutate({ membershipId: member.membershipId, role: e.target.value as StaffRole })}
              className="w-36"
              data-testid="staff-role-select"
            >
              {roleChoices.map((r) => (
                <option key={r} value={r}>
                  {tr(r)}
                </option>
              ))}
            </Select>
            {error && (
              <p role="alert" className="text-xs text-red-600">
                {error}
              </p>
            )}
          </div>
        ) : (
          <Badge tone={member.role === "owner" ? "brand" : "neutral"}>{tr(member.role)}</Badge>
        )}
      </Td>
      <Td className="whitespace-nowrap text-slate-600">{joined}</Td>
      <Td className="text-right">
        {editable && (
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" data-testid="staff-remove">
                {t("remove")}
              </Button>
            }
            title={t("removeTitle", { name: member.name })}
            description={t("removeBody", { name: member.name, email: member.email })}
            confirmLabel={t("removeConfirm")}
            confirmTestId="staff-remove-confirm"
            onConfirm={() => remove.mutateAsync({ membershipId: member.membershipId })}
            describeError={(e) => errors.describe(e, ownerRules)}
          />
        )}
      </Td>
    </Tr>
  );
}

interface PendingRow {
  id: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
  createdAt: Date;
}

function PendingCard({ pending }: { pending: PendingRow[] }) {
  const t = useTranslations("settings.staff");
  const tr = useTranslations("common.roles");
  const format = useFormatter();
  const trpc = useTRPC();
  const errors = useErrorMessages();
  const invalidate = useInvalidateStaff();
  const revoke = useMutation(trpc.staff.revokeInvitation.mutationOptions({ onSuccess: () => invalidate() }));
  return (
    <Card>
      <CardHeader title={t("pendingTitle")} description={t("pendingDescription")} />
      {pending.length === 0 ? (
        <CardBody>
          <EmptyState className="border-0 py-6" title={t("pendingEmptyTitle")} description={t("pendingEmptyBody")} />
        </CardBody>
      ) : (
        <Table data-testid="staff-pending">
          <caption className="sr-only">{t("pendingTitle")}</caption>
          <THead>
            <Tr>
              <Th>{t("email")}</Th>
              <Th>{t("role")}</Th>
              <Th>{t("invitedAt")}</Th>
              <Th>{t("expires")}</Th>
              <Th className="text-right">
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {pending.map((p) => (
              <Tr key={p.id} data-testid={`pending-row-${p.email}`}>
                <Td className="break-all">{p.email}</Td>
                <Td>
                  <Badge>{tr(p.role)}</Badge>
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{format.dateTime(p.createdAt, { dateStyle: "medium" })}</Td>
                <Td className="whitespace-nowrap text-slate-600">
                  {format.dateTime(p.expiresAt, { dateStyle: "medium", timeStyle: "short" })}
                </Td>
                <Td className="text-right">
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" data-testid="invite-revoke">
                        {t("revoke")}
                      </Button>
                    }
                    title={t("revokeTitle")}
                    description={t("revokeBody", { email: p.email })}
                    confirmLabel={t("revokeConfirm")}
                    confirmTestId="invite-revoke-confirm"
                    onConfirm={() => revoke.mutateAsync({ id: p.id })}
                    describeError={(e) => errors.describe(e)}
                  />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
