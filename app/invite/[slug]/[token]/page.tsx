import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AcceptInviteButton } from "@/components/auth/accept-invite-button";
import { JoinInviteForm } from "@/components/auth/join-invite-form";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { SwitchAccountButton } from "@/components/auth/switch-account-button";
import { getMe } from "@/components/console/me";
import { serverCaller } from "@/components/trpc/server";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.invite");
  return { title: t("title") };
}

async function loadInvitation(slug: string, token: string) {
  try {
    return await (await serverCaller()).auth.invitation({ slug, token });
  } catch {
    // Malformed links fail input validation: the same "invalid" state as an unknown token.
    return null;
  }
}

/**
 * Accepting a staff invitation. Signed in as the invited email: one click. Signed in as
 * someone else: switch account. Not signed in: create a login, or sign in and come back. The
 * page never says whether the invited email already has a login.
 */
export default async function InvitePage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const { slug, token } = await params;
  const t = await getTranslations("auth.invite");
  const tr = await getTranslations("common.roles");
  const [invitation, me] = await Promise.all([loadInvitation(slug, token), getMe()]);
  if (!invitation) {
    return (
      <PublicShell>
        <div className="mx-auto max-w-md px-4 py-12">
          <EmptyState
            data-testid="invite-invalid"
            title={t("invalidTitle")}
            description={t("invalidBody")}
            action={
              <Link href="/signin" className={buttonClasses("secondary")}>
                {t("goToSignin")}
              </Link>
            }
          />
        </div>
      </PublicShell>
    );
  }
  const here = `/invite/${encodeURIComponent(slug)}/${encodeURIComponent(token)}`;
  const isInvitee = !!me && me.user.email.trim().toLowerCase() === invitation.email.toLowerCase();
  return (
    <PublicShell>
      <AuthCard
        title={t("heading", { brand: invitation.brandName })}
        subtitle={t("subtitle", { role: tr(invitation.role) })}
      >
        <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-md bg-slate-50 p-4 text-sm" data-testid="invite-details">
          <dt className="text-slate-500">{t("brand")}</dt>
          <dd className="font-medium text-slate-900">{invitation.brandName}</dd>
          <dt className="text-slate-500">{t("email")}</dt>
          <dd className="font-medium break-all text-slate-900">{invitation.email}</dd>
          <dt className="text-slate-500">{t("role")}</dt>
          <dd className="font-medium text-slate-900">{tr(invitation.role)}</dd>
        </dl>
        {me && isInvitee && (
          <div className="space-y-4">
            <p className="text-sm text-slate-700">{t("acceptAs", { email: me.user.email, brand: invitation.brandName })}</p>
            <AcceptInviteButton slug={slug} token={token} />
          </div>
        )}
        {me && !isInvitee && (
          <div className="space-y-4">
            <Alert tone="warning" data-testid="accept-other-account">
              {t("otherAccount", { current: me.user.email, invited: invitation.email })}
            </Alert>
            <SwitchAccountButton next={here} />
          </div>
        )}
        {!me && (
          <>
            <JoinInviteForm slug={slug} token={token} email={invitation.email} />
            <p className="mt-6 text-center text-sm text-slate-600">
              {t("haveAccount")}{" "}
              <Link
                href={`/signin?next=${encodeURIComponent(here)}`}
                className="font-medium text-brand-700 hover:underline"
                data-testid="accept-sign-in"
              >
                {t("signInToAccept")}
              </Link>
            </p>
          </>
        )}
      </AuthCard>
    </PublicShell>
  );
}
