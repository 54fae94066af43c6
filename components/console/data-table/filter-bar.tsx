"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Input, Select } from "@/components/ui/input";

/** A filter the list offers, by the filter keys of its spec. Labels are the caller's words. */
export type FilterControl<K extends string = string> =
  | { kind: "search"; key: K; label: string; placeholder?: string; maxLength: number }
  | {
      kind: "select";
      key: K;
      label: string;
      options: readonly { value: string; label: string }[];
      /** The empty choice's words when "All" would mislead (the list's default is narrower). */
      allLabel?: string;
    }
  | { kind: "dateRange"; from: K; to: K; label: string };

type Values = Partial<Record<string, string>>;
type Patch = Partial<Record<string, string | undefined>>;

/** Search as you type, a moment after the last keystroke; Enter applies at once. */
function SearchFilter({
  control,
  value,
  onChange,
  testId,
}: {
  control: Extract<FilterControl, { kind: "search" }>;
  value: string;
  onChange: (v: string) => void;
  testId: string;
}) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);
  // A chip or "clear all" changed the filter from outside: show it.
  if (applied !== value) {
    setApplied(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChange(text), 350);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className="min-w-48 flex-1 space-y-1.5">
      <span className="block text-sm font-medium text-slate-800">{control.label}</span>
      <Input
        type="search"
        value={text}
        maxLength={control.maxLength}
        placeholder={control.placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onChange(text);
          }
        }}
        data-testid={testId}
      />
    </label>
  );
}

export function FilterBar({
  controls,
  values,
  onChange,
  testId,
}: {
  controls: readonly FilterControl[];
  values: Values;
  onChange: (patch: Patch) => void;
  testId: string;
}) {
  const t = useTranslations("dataTable");
  return (
    <div role="search" aria-label={t("filtersLabel")} className="flex flex-wrap items-end gap-3">
      {controls.map((c) => {
        if (c.kind === "search") {
          return (
            <SearchFilter
              key={c.key}
              control={c}
              value={values[c.key] ?? ""}
              onChange={(v) => onChange({ [c.key]: v })}
              testId={`${testId}-filter-${c.key}`}
            />
          );
        }
        if (c.kind === "select") {
          return (
            <label key={c.key} className="shrink-0 space-y-1.5">
              <span className="block text-sm font-medium text-slate-800">{c.label}</span>
              <Select
                value={values[c.key] ?? ""}
                onChange={(e) => onChange({ [c.key]: e.target.value })}
                className="w-40"
                data-testid={`${testId}-filter-${c.key}`}
              >
                <option value="">{c.allLabel ?? t("all")}</option>
                {c.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            </label>
          );
        }
        const from = values[c.from] ?? "";
        const to = values[c.to] ?? "";
        return (
          <fieldset key={c.from} className="shrink-0 space-y-1.5">
            <legend className="mb-1.5 block text-sm font-medium text-slate-800">{c.label}</legend>
            <div className="flex items-center gap-2">
              <Input
                type="date"
                aria-label={`${c.label} ${t("from")}`}
                value={from}
                max={to || undefined}
                onChange={(e) => onChange({ [c.from]: e.target.value })}
                className="w-40"
                data-testid={`${testId}-filter-${c.from}`}
              />
              <span aria-hidden="true" className="text-slate-400">
                –
              </span>
              <Input
                type="date"
                aria-label={`${c.label} ${t("to")}`}
                value={to}
                min={from || undefined}
                onChange={(e) => onChange({ [c.to]: e.target.value })}
                className="w-40"
                data-testid={`${testId}-filter-${c.to}`}
              />
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}

/** What a control's active value reads as on its chip, or null when it is not active. */
function chipValue(
  c: FilterControl,
  values: Values,
  t: ReturnType<typeof useTranslations<"dataTable">>,
): string | null {
  if (c.kind === "search") return values[c.key] ?? null;
  if (c.kind === "select") {
    const v = values[c.key];
    return v ? (c.options.find((o) => o.value === v)?.label ?? v) : null;
  }
  const from = values[c.from];
  const to = values[c.to];
  if (from && to) return t("dateRange", { from, to });
  if (from) return t("dateFrom", { from });
  if (to) return t("dateTo", { to });
  return null;
}

const keysOf = (c: FilterControl) => (c.kind === "dateRange" ? [c.from, c.to] : [c.key]);

/** The active filters as chips, each removable, and "clear all". Nothing when none is active. */
export function FilterChips({
  controls,
  values,
  onChange,
  onClear,
  testId,
}: {
  controls: readonly FilterControl[];
  values: Values;
  onChange: (patch: Patch) => void;
  onClear: () => void;
  testId: string;
}) {
  const t = useTranslations("dataTable");
  const active = controls.flatMap((c) => {
    const value = chipValue(c, values, t);
    return value === null ? [] : [{ control: c, value }];
  });
  if (!active.length) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-2"
      aria-label={t("activeFilters")}
      role="group"
      data-testid={`${testId}-chips`}
    >
      {active.map(({ control, value }) => {
        const text = t("chip", { label: control.label, value });
        const key = keysOf(control)[0]!;
        return (
          <span
            key={key}
            className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-3 text-sm text-brand-700 ring-1 ring-brand-100 ring-inset"
            data-testid={`${testId}-chip-${key}`}
          >
            {text}
            <button
              type="button"
              onClick={() =>
                onChange(Object.fromEntries(keysOf(control).map((k) => [k, undefined])))
              }
              className="inline-flex size-5 items-center justify-center rounded-full text-brand-700 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-600"
              aria-label={t("removeFilter", { label: text })}
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 16 16"
                className="size-3"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
              >
                <path d="M4 4l8 8M12 4l-8 8" strokeLinecap="round" />
              </svg>
            </button>
          </span>
        );
      })}
      <button
        type="button"
        onClick={onClear}
        className="rounded px-2 py-0.5 text-sm font-medium text-slate-600 hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
        data-testid={`${testId}-clear-filters`}
      >
        {t("clearAll")}
      </button>
    </div>
  );
}
