"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { LegalKind } from "@/server/legal/kinds";

/** Settings → Legal: each document's current text; saving publishes the next version. */
export function LegalDocuments({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const docs = useQuery(trpc.legal.list.queryOptions());
  const t = useTranslations("legal.settings");
  if (!docs.data) return null;
  return (
    <div className="space-y-6" data-testid="legal-settings">
      <p className="text-sm text-slate-600">{t("description")}</p>
      {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}
      {docs.data.map((d) => (
        <LegalDocumentForm key={`${d.kind}-${d.version}`} doc={d} canWrite={canWrite} />
      ))}
    </div>
  );
}

function LegalDocumentForm({ doc, canWrite }: { doc: { kind: LegalKind; version: number; bodyZh: string; bodyEn: string }; canWrite: boolean }) {
  const t = useTranslations("legal");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errors = useErrorMessages();
  const [zh, setZh] = useState(doc.bodyZh);
  const [en, setEn] = useState(doc.bodyEn);
  const publish = useMutation(
    trpc.legal.publish.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.legal.list.queryKey() }) }),
  );
  const area = "h-48 w-full rounded-md border border-slate-300 p-2 text-sm";
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5" data-testid={`legal-${doc.kind}`}>
      <div className="flex items-baseline justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900">{t(`kinds.${doc.kind}`)}</h2>
        <span className="text-xs text-slate-500">
          {doc.version === 0 ? t("settings.currentDefault") : t("settings.current", { version: doc.version })}
        </span>
      </div>
      {publish.isError && <Alert tone="danger">{errors.describe(publish.error)}</Alert>}
      <label className="block space-y-1 text-sm font-medium text-slate-700">
        <span>{t("settings.bodyZh")}</span>
        <textarea className={area} value={zh} onChange={(e) => setZh(e.target.value)} disabled={!canWrite} />
      </label>
      <label className="block space-y-1 text-sm font-medium text-slate-700">
        <span>{t("settings.bodyEn")}</span>
        <textarea className={area} value={en} onChange={(e) => setEn(e.target.value)} disabled={!canWrite} />
      </label>
      {canWrite && (
        <Button loading={publish.isPending} disabled={zh === doc.bodyZh && en === doc.bodyEn} onClick={() => publish.mutate({ kind: doc.kind, bodyZh: zh, bodyEn: en })} data-testid={`legal-publish-${doc.kind}`}>
          {t("settings.publish")}
        </Button>
      )}
    </section>
  );
}
