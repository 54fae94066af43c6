"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inviteUrl } from "./links";
import { useCanShare, useOrigin } from "./use-origin";

/** The distributor's recruiting link, with copy and (on phones) the system share sheet. */
export function InvitePanel({
  slug,
  code,
  name,
  brandName,
}: {
  slug: string;
  code: string;
  name: string;
  brandName: string;
}) {
  const t = useTranslations("portal.invite");
  const origin = useOrigin();
  const canShare = useCanShare();
  const [shareFailed, setShareFailed] = useState(false);
  const link = origin ? inviteUrl(origin, slug, code) : "";

  async function share() {
    setShareFailed(false);
    try {
      await navigator.share({
        title: t("shareTitle", { brand: brandName }),
        text: t("shareText", { name, brand: brandName }),
        url: link,
      });
    } catch (e) {
      // Closing the share sheet is not a failure.
      if (!(e instanceof DOMException && e.name === "AbortError")) setShareFailed(true);
    }
  }

  return (
    <div className="space-y-3">
      <label htmlFor="portal-invite-link" className="block text-xs font-medium text-slate-600">
        {t("linkLabel")}
      </label>
      <input
        id="portal-invite-link"
        readOnly
        value={link}
        onFocus={(e) => e.currentTarget.select()}
        className="block h-10 w-full truncate rounded-md border border-slate-300 bg-slate-50 px-3 text-sm text-slate-700"
        data-testid="portal-invite-link"
      />
      <div className="flex gap-2">
        <CopyButton
          value={link}
          label={t("copyLabel")}
          variant={canShare ? "secondary" : "primary"}
          size="md"
          className="flex-1"
          data-testid="portal-copy-invite"
        />
        {canShare && (
          <Button
            size="md"
            className="flex-1"
            disabled={!link}
            onClick={() => void share()}
            data-testid="portal-share-invite"
          >
            {t("share")}
          </Button>
        )}
      </div>
      {shareFailed && (
        <p role="status" className="text-xs text-slate-500">
          {t("shareFailed")}
        </p>
      )}
      <p className="text-xs text-slate-500">{t("compliance")}</p>
    </div>
  );
}
