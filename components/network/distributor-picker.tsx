"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { StatusBadge } from "./labels";
import type { DistributorStatus } from "./types";

export interface PickedDistributor {
  id: string;
  code: string;
  name: string;
  status: DistributorStatus;
}

const CODE = /^[A-Z0-9]{6}$/;

/**
 * Finds a distributor by code, name or phone (distributors.list search) and picks one. Typing a
 * complete referral code that matches picks it at once. Placed inside a Field, it receives the
 * Field's id and aria props and puts them on its search input.
 */
export function DistributorPicker({
  value,
  onChange,
  exclude,
  inputTestId,
  ...aria
}: {
  value: PickedDistributor | null;
  onChange: (d: PickedDistributor | null) => void;
  /** A distributor that may not be picked (e.g. the one being moved). */
  exclude?: { id: string; code: string };
  inputTestId?: string;
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const t = useTranslations("network.picker");
  const trpc = useTRPC();
  const listId = useId();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({ ...trpc.distributors.list.queryOptions({ q, limit: 8, offset: 0 }), enabled: !!q && !value });
  const options = (results.data?.items ?? []).filter((d) => d.id !== exclude?.id);
  const upper = q.toUpperCase();
  const exact = CODE.test(upper) ? options.find((d) => d.code === upper) : undefined;

  // Once per typed code, so a value cleared by the parent is not picked again behind the user's back.
  const autoPicked = useRef<string | null>(null);
  useEffect(() => {
    if (!exact || value || autoPicked.current === exact.code) return;
    autoPicked.current = exact.code;
    onChange({ id: exact.id, code: exact.code, name: exact.name, status: exact.status });
  }, [exact, value, onChange]);

  if (value) {
    return (
      <div
        className="flex items-center justify-between gap-3 rounded-md border border-brand-200 bg-brand-50/50 px-3 py-2"
        data-testid="picker-selected"
      >
        <span className="min-w-0 text-sm">
          <span className="font-medium text-slate-900">{value.name}</span>{" "}
          <span className="font-mono text-xs text-slate-600">{value.code}</span>{" "}
          <StatusBadge status={value.status} />
        </span>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            autoPicked.current = null;
            onChange(null);
            setText("");
            setQ("");
          }}
        >
          {t("change")}
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-1.5">
      <div className="relative">
        <Input
          {...aria}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("placeholder")}
          autoComplete="off"
          aria-controls={listId}
          className="font-mono"
          data-testid={inputTestId}
        />
        {results.isFetching && <Spinner className="absolute top-3 right-3 text-slate-400" />}
      </div>
      <div id={listId} aria-live="polite">
        {q && results.isSuccess && options.length === 0 && (
          <p className="text-xs text-slate-500">{exclude && upper === exclude.code ? t("self") : t("noMatch")}</p>
        )}
        {options.length > 0 && (
          <ul className="max-h-56 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
            {options.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  onClick={() => onChange({ id: d.id, code: d.code, name: d.name, status: d.status })}
                  className={cn(
                    "flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50",
                    "focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600",
                  )}
                  data-testid={`picker-option-${d.code}`}
                >
                  <span>
                    <span className="font-medium text-slate-900">{d.name}</span>{" "}
                    <span className="font-mono text-xs text-slate-600">{d.code}</span>
                    {d.phoneMasked && <span className="ml-2 text-xs text-slate-500">{d.phoneMasked}</span>}
                  </span>
                  <StatusBadge status={d.status} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
