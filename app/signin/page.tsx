import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { SignInForm } from "@/components/auth/signin-form";
import { getMe } from "@/components/console/me";
import { safeSitePath } from "@/components/portal/safe-next";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signin");
  return { title: t("title") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  // Already signed in: go where the link meant to (e.g. back to an invitation), else the console.
  if (await getMe()) redirect(safeSitePath(typeof next === "string" ? next : null) ?? "/console");
  const t = await getTranslations("auth.signin");
  const ta = await getTranslations("account.forgot");
  return (
    <PublicShell>
      <AuthCard title={t("title")} subtitle={t("subtitle")}>
        <SignInForm next={typeof next === "string" ? next : undefined} />
        <p className="mt-3 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline" data-testid="forgot-link">
            {ta("link")}
          </Link>
        </p>
        <p className="mt-6 text-center text-sm text-slate-600">
          {t("noAccount")}{" "}
          <Link href="/signup" className="font-medium text-brand-700 hover:underline">
            {t("signupLink")}
          </Link>
        </p>
      </AuthCard>
    </PublicShell>
  );
}
