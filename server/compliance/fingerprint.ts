/**
 * The report's fingerprint: sha256 of the figures as canonical JSON (object keys sorted at every
 * level, arrays in their own order). Printed in both the PDF and the CSV, so an inspector can
 * tell that two copies of a period's report — or a report and a later regeneration — agree. Pure.
 */
import { createHash } from "node:crypto";
import { compareText } from "@/server/shared/compare";

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareText(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function fingerprintOf(figures: unknown): string {
  return createHash("sha256").update(canonicalJson(figures)).digest("hex");
}
