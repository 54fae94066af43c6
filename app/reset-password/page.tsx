import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.reset"))("metaTitle"), referrer: "no-referrer" };
}

/** The mailed link lands here; the token is checked (and used) only when the form is sent. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const t = await getTranslations("account.reset");
  return (
    <PublicShell>
      <AuthCard title={t("title")}>
        <ResetPasswordForm token={typeof token === "string" ? token.slice(0, 200) : ""} />
      </AuthCard>
    </PublicShell>
  );
}
