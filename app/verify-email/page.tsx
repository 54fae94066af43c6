import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard, PublicShell } from "@/components/auth/public-shell";
import { Alert } from "@/components/ui/alert";
import { verifyEmail } from "@/server/auth/email-tokens";
import { appDb } from "@/server/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.verify"))("metaTitle"), referrer: "no-referrer" };
}

/** The verification link: opening it verifies the address (the token is single-use). */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const ok = typeof token === "string" && (await verifyEmail(await appDb(), token));
  const [t, tf] = await Promise.all([getTranslations("account.verify"), getTranslations("account.forgot")]);
  return (
    <PublicShell>
      <AuthCard title={t("metaTitle")}>
        <Alert tone={ok ? "success" : "danger"} data-testid={ok ? "verify-done" : "verify-error"}>
          {ok ? t("done") : t("invalid")}
        </Alert>
        <Link href="/signin" className="mt-4 block text-center text-sm font-medium text-brand-700 hover:underline">
          {tf("backToSignIn")}
        </Link>
      </AuthCard>
    </PublicShell>
  );
}
