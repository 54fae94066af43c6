"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

const ERROR_KEYS: Record<string, string> = {
  IMAGE_NOT_IMAGE: "notImage",
  IMAGE_TOO_MANY_PIXELS: "tooManyPixels",
  IMAGE_UNREADABLE: "unreadable",
  PAYLOAD_TOO_LARGE: "tooLarge",
};

/**
 * "Upload" next to an image URL field: sends the picked file to /api/uploads (checked and
 * re-encoded on the server, server/storage/media.ts) and hands back the stored picture's URL.
 */
export function UploadButton({ onUploaded, testId }: { onUploaded: (url: string) => void; testId?: string }) {
  const t = useTranslations("promotion.console.upload");
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/uploads", { method: "POST", body: file });
      const body = (await res.json().catch(() => ({}))) as { url?: string; code?: string };
      if (res.ok && body.url) onUploaded(body.url);
      else setError(t(`errors.${ERROR_KEYS[body.code ?? ""] ?? "failed"}`));
    } catch {
      setError(t("errors.failed"));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <span className="inline-flex flex-col gap-1">
      <label htmlFor={inputId} className={buttonClasses("secondary", "md", busy ? "pointer-events-none opacity-60" : "cursor-pointer")}>
        {busy && <Spinner />}
        {busy ? t("uploading") : t("button")}
      </label>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif"
        className="sr-only"
        disabled={busy}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
    </span>
  );
}
