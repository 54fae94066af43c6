"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { Checkbox } from "@/components/ui/input";
import type { LegalKind } from "@/server/legal/kinds";

/** The current version of each of the brand's legal documents (what a tick accepts). */
export function useLegalVersions(slug: string) {
  const trpc = useTRPC();
  return useQuery(trpc.portalTrust.legalVersions.queryOptions({ slug }, { staleTime: 60_000 }));
}

/**
 * "I have read and agree to …" with links to the documents (opened in a new tab so a
 * half-filled form is kept). `context` picks the documents: sign-in or apply.
 */
export function ConsentCheckbox({
  slug,
  context,
  checked,
  onChange,
  error,
}: {
  slug: string;
  context: "signIn" | "apply";
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string | null;
}) {
  const t = useTranslations("legal");
  const doc = (kind: LegalKind) => (
    <Link href={`/d/${slug}/legal/${kind}`} target="_blank" className="font-medium text-brand-700 underline" data-testid={`legal-link-${kind}`}>
      {t(`kinds.${kind}`)}
    </Link>
  );
  return (
    <div className="space-y-1">
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <Checkbox
          className="mt-0.5"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={!!error}
          data-testid={`consent-${context}`}
        />
        <span>
          {context === "signIn"
            ? t.rich("signInConsent", { userAgreement: () => doc("user_agreement"), privacyNotice: () => doc("privacy_notice") })
            : t.rich("applyConsent", { distributorAgreement: () => doc("distributor_agreement") })}
        </span>
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600" data-testid={`consent-${context}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
