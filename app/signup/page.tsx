import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { SignUpForm } from "@/components/auth/signup-form";
import { requestAppUrl } from "@/server/shared/app-url";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signup");
  return { title: t("title") };
}

export default async function SignUpPage() {
  const t = await getTranslations("auth.signup");
  return (
    <PublicShell>
      <AuthCard title={t("title")} subtitle={t("subtitle")}>
        <SignUpForm portalBase={await requestAppUrl("/d/")} />
        <p className="mt-6 text-center text-sm text-slate-600">
          {t("haveAccount")}{" "}
          <Link href="/signin" className="font-medium text-brand-700 hover:underline">
            {t("signinLink")}
          </Link>
        </p>
      </AuthCard>
    </PublicShell>
  );
}
