"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { MappingEditor } from "./mapping-editor";
import { asOneUpload } from "./zip-files";

/** The server's cap (server/orders/import-service/start.ts MAX_IMPORT_BYTES), checked here first. */
const MAX_BYTES = 50 * 1024 * 1024;

export interface Refusal {
  name: string;
  file: File;
  title: string;
  headers: string[];
}

/** POSTs the file's bytes to the upload route; answers the new import's id or why it was refused. */
async function upload(file: File, opts: { mappingId?: string; tmall: boolean; manual: boolean; locale: string }) {
  const q = new URLSearchParams({ name: file.name, locale: opts.locale });
  if (opts.manual) q.set("manual", "1");
  if (opts.mappingId) q.set("mappingId", opts.mappingId);
  if (opts.tmall) q.set("channel", "tmall");
  const res = await fetch(`/api/imports/upload?${q.toString()}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as { id?: string; title?: string; headers?: string[] };
  if (res.status === 202 && body.id) return { ok: true as const, id: body.id };
  return { ok: false as const, status: res.status, title: body.title ?? res.statusText, headers: body.headers ?? [] };
}

export function UploadBox({ onStarted }: { onStarted: (id: string) => void }) {
  const t = useTranslations("settlement.import");
  const locale = useLocale();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mappings = useQuery(trpc.imports.mappings.queryOptions());
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [mappingId, setMappingId] = useState("");
  const [tmall, setTmall] = useState(false);
  const [manual, setManual] = useState(false);
  const [over, setOver] = useState(false);

  /** One file, or two picked together (the legacy Taobao pair), sent as one ZIP. */
  const send = async (picked: readonly File[], withMapping = mappingId) => {
    setError(null);
    setRefusal(null);
    if (picked.length > 2) return setError(t("tooMany"));
    const name = picked.map((f) => f.name).join(" + ");
    if (picked.reduce((n, f) => n + f.size, 0) > MAX_BYTES) return setError(t("tooLarge", { name }));
    setBusy(name);
    try {
      const file = await asOneUpload(picked);
      const r = await upload(file, { mappingId: withMapping || undefined, tmall, manual: manual && !withMapping, locale });
      if (r.ok) {
        await qc.invalidateQueries(trpc.imports.pathFilter());
        onStarted(r.id);
      } else if (r.status === 422 && r.headers.length) setRefusal({ name: file.name, file, title: r.title, headers: r.headers });
      else setError(t("failed", { message: r.title }));
    } catch (e) {
      setError(t("failed", { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card>
      <CardBody className="space-y-4">
        <p className="text-sm text-slate-600">{t("intro")}</p>
        <div
          data-testid="import-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            const files = [...e.dataTransfer.files];
            if (files.length) void send(files);
          }}
          className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-10 text-sm ${over ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}
        >
          <span>{busy ? t("uploading", { name: busy }) : t("drop")}</span>
          <Button type="button" variant="secondary" loading={!!busy} onClick={() => input.current?.click()} data-testid="import-choose">
            {t("choose")}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            className="sr-only"
            accept=".csv,.xlsx,.zip,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/zip"
            data-testid="import-file"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = "";
              if (files.length) void send(files);
            }}
          />
        </div>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={tmall} onChange={(e) => setTmall(e.target.checked)} />
            {t("tmall")}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={manual} onChange={(e) => setManual(e.target.checked)} data-testid="import-manual" />
            {t("manual")}
          </label>
          {!!mappings.data?.length && (
            <label className="flex items-center gap-2">
              {t("useMapping")}
              <select className="rounded border border-slate-300 px-2 py-1" value={mappingId} onChange={(e) => setMappingId(e.target.value)} data-testid="import-mapping">
                <option value="">{t("autoDetect")}</option>
                {mappings.data.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <div aria-live="polite">
          {error && (
            <Alert tone="danger" data-testid="import-error">
              {error}
            </Alert>
          )}
          {refusal && (
            <div className="space-y-3" data-testid="import-refused">
              <Alert tone="warning">
                <p className="font-medium">{t("refused.title", { name: refusal.name })}</p>
                <p>{refusal.title}</p>
                <p className="mt-1 text-xs">{t("refused.headers", { headers: refusal.headers.join(", ") })}</p>
                <p className="mt-1 text-xs">{t("refused.hint")}</p>
              </Alert>
              <MappingEditor
                headers={refusal.headers}
                onSaved={async (id) => {
                  await qc.invalidateQueries(trpc.imports.mappings.pathFilter());
                  await send([refusal.file], id);
                }}
              />
            </div>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
