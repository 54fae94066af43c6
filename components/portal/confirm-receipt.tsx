"use client";

/**
 * "Confirm receipt" for a WeChat 商家转账 that waits for the recipient (PLATFORMS.md §2): inside
 * WeChat it opens WeChat's own confirmation with the transfer's package_info; outside WeChat it
 * says to open the page there, since the confirmation exists only inside WeChat. Shown on the
 * distributor's withdrawal while its status is "waiting for confirmation".
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { isInsideWechat, requestMerchantTransfer, type Outcome, type WechatWindow } from "./merchant-transfer";

const noSubscription = () => () => {};

export function ConfirmReceipt({ slug, withdrawalId }: { slug: string; withdrawalId: string }) {
  const t = useTranslations("payouts.confirm");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const info = useQuery(trpc.portalPayouts.confirmation.queryOptions({ slug, withdrawalId }));
  // The user agent is only known in the browser: null (render nothing WeChat-specific) on the server.
  const inWechat = useSyncExternalStore(noSubscription, () => isInsideWechat(navigator.userAgent), () => null);
  const [state, setState] = useState<Outcome | "unsupported" | "pending" | null>(null);

  if (info.isPending || inWechat === null) return null;
  if (!info.data) return info.isSuccess ? <p className="text-sm text-slate-500">{t("unavailable")}</p> : null;
  const expires = info.data.expiresAt
    ? new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(info.data.expiresAt)
    : "";
  const params = { mchId: info.data.mchId, appId: info.data.appId, package: info.data.package };

  return (
    <section className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4" data-testid="confirm-receipt">
      <h3 className="font-semibold text-emerald-900">{t("title")}</h3>
      <p className="text-sm text-emerald-900">{t("body", { time: expires })}</p>
      {inWechat ? (
        <Button
          className="w-full"
          loading={state === "pending"}
          onClick={async () => {
            setState("pending");
            const r = await requestMerchantTransfer(window as unknown as WechatWindow, params);
            setState(r);
            // The callback or the sweep records the payout; refresh what the page shows.
            if (r === "ok") await qc.invalidateQueries();
          }}
          data-testid="confirm-receipt-button"
        >
          {t("button")}
        </Button>
      ) : (
        <Alert tone="info" data-testid="confirm-receipt-open-in-wechat">
          {t("openInWechat")}
        </Alert>
      )}
      <div aria-live="polite">
        {state === "ok" && <Alert tone="success">{t("done")}</Alert>}
        {state === "cancel" && <Alert tone="info">{t("cancelled")}</Alert>}
        {state === "unsupported" && <Alert tone="warning">{t("oldWechat")}</Alert>}
        {state && typeof state === "object" && <Alert tone="danger">{t("failed", { message: state.fail })}</Alert>}
      </div>
    </section>
  );
}
