"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { useErrorMessages } from "@/components/forms/use-error-messages";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { promoteAssetPath } from "@/server/promotion/asset-paths";
import { fenToYuan } from "@/server/promotion/price";
import { PromoteStats } from "./promote-stats";

function Section({
  title,
  children,
  testId,
}: {
  title: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
      data-testid={testId}
    >
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

export function PromoteView({ slug, brandName }: { slug: string; brandName: string }) {
  const t = useTranslations("promotion.portal");
  const trpc = useTRPC();
  const errors = useErrorMessages();
  const overview = useQuery(trpc.promote.overview.queryOptions({ slug }));

  const header = (
    <div className="flex items-center justify-between">
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <Link href={`/d/${slug}`} className={buttonClasses("ghost", "sm")}>
        {t("back")}
      </Link>
    </div>
  );

  if (overview.isPending) {
    return (
      <div className="space-y-4">
        {header}
        <div role="status" className="flex items-center gap-2 py-10 text-sm text-slate-500">
          <Spinner />
        </div>
      </div>
    );
  }
  if (overview.isError) {
    return (
      <div className="space-y-4">
        {header}
        <Alert tone="danger">{errors.describe(overview.error)}</Alert>
      </div>
    );
  }
  const data = overview.data;
  if (data.state !== "active") {
    return (
      <div className="space-y-4">
        {header}
        <EmptyState
          data-testid="promote-unavailable"
          title={data.state === "not_distributor" ? t("notDistributorTitle") : t("inactiveTitle")}
          description={
            data.state === "not_distributor"
              ? t("notDistributorBody")
              : t(`inactive.${data.status}`)
          }
        />
      </div>
    );
  }
  return (
    <div className="space-y-4" data-testid="promote-page">
      {header}
      <PromoteStats slug={slug} />
      <PromoteKit
        slug={slug}
        brandName={brandName}
        distributorName={data.distributor.name}
        defaultLink={data.link}
        templates={data.templates}
      />
    </div>
  );
}

function PromoteKit({
  slug,
  brandName,
  distributorName,
  defaultLink,
  templates,
}: {
  slug: string;
  brandName: string;
  distributorName: string;
  defaultLink: { code: string; url: string };
  templates: { id: string; name: string; isDefault: boolean }[];
}) {
  const t = useTranslations("promotion.portal");
  const trpc = useTRPC();
  const [productId, setProductId] = useState("");
  const [templateId, setTemplateId] = useState(
    templates.find((x) => x.isDefault)?.id ?? templates[0]?.id ?? "",
  );
  const products = useQuery(trpc.promote.products.queryOptions({ slug }));
  const productLink = useQuery({
    ...trpc.promote.link.queryOptions({ slug, productId }),
    enabled: !!productId,
  });
  const materials = useQuery(
    trpc.promote.materials.queryOptions({ slug, productId: productId || undefined }),
  );

  const link = productId ? productLink.data : defaultLink;
  const assetOpts = { product: productId || null, template: templateId || null };
  const qrSrc = promoteAssetPath(slug, "qr.svg", assetOpts);
  const posterSrc = promoteAssetPath(slug, "poster.png", assetOpts);
  const poster = usePosterFile(posterSrc, `${slug}-poster.png`);
  const shareText = t("shareText", { name: distributorName, brand: brandName });

  return (
    <>
      <Section title={t("productLabel")}>
        <Select
          value={productId}
          onChange={(e) => setProductId(e.target.value)}
          aria-label={t("productLabel")}
          disabled={products.isPending}
          data-testid="promote-product-select"
        >
          <option value="">{t("productAll")}</option>
          {products.data?.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · ¥{fenToYuan(p.priceFen)}
            </option>
          ))}
        </Select>
      </Section>

      <Section title={t("linkTitle")}>
        <p className="text-xs text-slate-500">{t("linkHint")}</p>
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800"
            data-testid="promote-link"
          >
            {link?.url ?? "…"}
          </code>
          <CopyButton
            value={link?.url ?? ""}
            label={t("copyLink")}
            data-testid="promote-copy-link"
          />
        </div>
        <ShareButton
          file={poster.file}
          url={link?.url ?? null}
          title={t("shareTitle", { brand: brandName })}
          text={shareText}
        />
      </Section>

      <Section title={t("qrTitle")}>
        <div className="flex items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- a per-member route, not a static asset */}
          <img
            src={qrSrc}
            alt={t("qrAlt")}
            width={144}
            height={144}
            className="size-36 rounded-md ring-1 ring-slate-200"
            data-testid="promote-qr"
          />
          <a
            href={promoteAssetPath(slug, "qr.png", { ...assetOpts, download: true })}
            download
            className={buttonClasses("secondary", "sm")}
          >
            {t("downloadQr")}
          </a>
        </div>
      </Section>

      <Section title={t("posterTitle")}>
        {templates.length > 1 && (
          <Select
            value={templateId}
            onChange={(e) => setTemplateId(e.target.value)}
            aria-label={t("templateLabel")}
            data-testid="promote-template-select"
          >
            {templates.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </Select>
        )}
        <div className="relative mx-auto w-full max-w-[18rem]">
          {/* eslint-disable-next-line @next/next/no-img-element -- rendered per member on the server */}
          <img
            key={posterSrc}
            src={posterSrc}
            alt={t("posterAlt")}
            width={750}
            height={1334}
            className="h-auto w-full rounded-lg bg-slate-100 shadow ring-1 ring-slate-200"
            data-testid="promote-poster"
          />
          {poster.state === "loading" && (
            <div
              role="status"
              className="absolute inset-0 flex items-center justify-center gap-2 rounded-lg bg-white/70 text-sm text-slate-600"
            >
              <Spinner />
              {t("posterLoading")}
            </div>
          )}
        </div>
        {poster.state === "failed" && <Alert tone="warning">{t("posterFailed")}</Alert>}
        <a
          href={promoteAssetPath(slug, "poster.png", { ...assetOpts, download: true })}
          download
          className={buttonClasses("secondary", "md", "w-full")}
        >
          {t("downloadPoster")}
        </a>
      </Section>

      <Section title={t("materialsTitle")} testId="promote-materials">
        {materials.data && materials.data.items.length === 0 && (
          <p className="text-sm text-slate-500">{t("materialsEmpty")}</p>
        )}
        <ul className="space-y-3">
          {materials.data?.items.map((m) => (
            <li key={m.id} className="space-y-2 rounded-lg bg-slate-50 p-3">
              <p className="text-sm font-medium text-slate-900">{m.title}</p>
              {m.imageUrl && (
                // eslint-disable-next-line @next/next/no-img-element -- brand-supplied URLs of any host
                <img src={m.imageUrl} alt={m.title} className="max-h-48 rounded object-contain" />
              )}
              {m.body && <p className="text-sm whitespace-pre-line text-slate-700">{m.body}</p>}
              {m.body && (
                <CopyButton value={m.body} label={t("copyText")} data-testid="promote-copy-text" />
              )}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

/**
 * Fetches the poster once per URL so Share can hand the file to the system share sheet straight
 * from the tap (fetching after the tap loses the user gesture on some phones).
 */
function usePosterFile(src: string, name: string) {
  const [state, setState] = useState<{ src: string; file: File | null; failed: boolean }>({
    src: "",
    file: null,
    failed: false,
  });
  useEffect(() => {
    let cancelled = false;
    fetch(src, { credentials: "same-origin" })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const blob = await res.blob();
        if (!cancelled)
          setState({ src, file: new File([blob], name, { type: "image/png" }), failed: false });
      })
      .catch(() => {
        if (!cancelled) setState({ src, file: null, failed: true });
      });
    return () => {
      cancelled = true;
    };
  }, [src, name]);
  const current = state.src === src;
  return {
    file: current ? state.file : null,
    state: !current ? "loading" : state.failed ? "failed" : "ready",
  } as const;
}

function ShareButton({
  file,
  url,
  title,
  text,
}: {
  file: File | null;
  url: string | null;
  title: string;
  text: string;
}) {
  const t = useTranslations("promotion.portal");
  const [notice, setNotice] = useState<string | null>(null);
  const share = async () => {
    if (!url) return;
    setNotice(null);
    try {
      if (file && navigator.canShare?.({ files: [file] })) {
        await navigator.share({ files: [file], title, text: `${text} ${url}` });
      } else if (typeof navigator.share === "function") {
        await navigator.share({ title, text, url });
      } else {
        await navigator.clipboard.writeText(`${text} ${url}`);
        setNotice(t("shareFallback"));
      }
    } catch (e) {
      // Closing the share sheet is not an error worth showing.
      if (!(e instanceof DOMException && e.name === "AbortError")) {
        await navigator.clipboard?.writeText(`${text} ${url}`).catch(() => undefined);
        setNotice(t("shareFallback"));
      }
    }
  };
  return (
    <div className="space-y-2">
      <Button
        className="w-full"
        onClick={() => void share()}
        disabled={!url}
        data-testid="promote-share"
      >
        {t("share")}
      </Button>
      {notice && (
        <p role="status" className="text-center text-xs text-emerald-700">
          {notice}
        </p>
      )}
    </div>
  );
}
