import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { serverCaller } from "@/components/trpc/server";
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

export default async function InvitePage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const { slug, token } = await params;
  const t = await getTranslations("auth.invite");
  const tr = await getTranslations("common.roles");
  const invitation = await loadInvitation(slug, token);
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
        <AcceptInviteForm
          slug={slug}
          token={token}
          email={invitation.email}
          hasAccount={invitation.hasAccount}
        />
      </AuthCard>
    </PublicShell>
  );
}
