import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.forgot"))("metaTitle") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("account.forgot");
  return (
    <PublicShell>
      <AuthCard title={t("title")} subtitle={t("description")}>
        <ForgotPasswordForm />
      </AuthCard>
    </PublicShell>
  );
}
