"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { errorInfo } from "./trpc-error";

type Code =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

/**
 * Translating errors for display:
 * - `field(msg)` turns a schema message key ("slug.taken") into text, looking in the "auth"
 *   then "settings" validation messages, then the stable keys (common.validation: required,
 *   too_small, …); anything else is shown as it is.
 * - `describe(e, overrides)` gives one sentence for a failed request; `overrides` lets a call
 *   site say what e.g. NOT_FOUND means for it.
 */
export function useErrorMessages() {
  const ta = useTranslations("auth.validation");
  const ts = useTranslations("settings.validation");
  const tc = useTranslations("common.errors");
  const tv = useTranslations("common.validation");

  const field = useCallback(
    (message?: string): string | undefined => {
      if (!message) return undefined;
      if (ta.has(message)) return ta(message);
      if (ts.has(message)) return ts(message);
      // Stable keys of the server's validation (server/api/trpc.ts zodFields).
      if (tv.has(message)) return tv(message);
      return message;
    },
    [ta, ts, tv],
  );

  const describe = useCallback(
    (e: unknown, overrides: Partial<Record<Code, string>> = {}): string => {
      const info = errorInfo(e);
      if (!info.code) return tc("network");
      const override = overrides[info.code as Code];
      if (override) return override;
      if (info.fields && Object.keys(info.fields).length) return tc("fields");
      switch (info.code) {
        case "UNAUTHORIZED":
          return tc("unauthorized");
        case "FORBIDDEN":
          return tc("forbidden");
        case "NOT_FOUND":
          return tc("notFound");
        case "TOO_MANY_REQUESTS":
          return tc("tooManyRequests", {
            minutes: Math.max(1, Math.ceil((info.retryAfterSeconds ?? 60) / 60)),
          });
        case "SERVICE_UNAVAILABLE":
          return tc("unavailable");
        case "INTERNAL_SERVER_ERROR":
          return tc("generic");
        default:
          // CONFLICT / PRECONDITION_FAILED carry a specific human message from the service.
          return info.message || tc("generic");
      }
    },
    [tc],
  );

  return useMemo(() => ({ field, describe }), [field, describe]);
}
