/**
 * Row issues with stable keys (under imports.issue) and locale-neutral params, like the
 * distributor import: the console renders them in the reader's language, and `message` holds
 * the English text for API users and logs. `{layout}` is shown as the layout's name.
 */
import type { Locale } from "@/server/i18n/config";
import en from "@/server/i18n/messages/en/imports.json";
import zh from "@/server/i18n/messages/zh-CN/imports.json";
import type { ImportIssue, IssueSeverity } from "./types";

interface Catalogue {
  [key: string]: string | Catalogue;
}

const CATALOGUES: Record<Locale, Catalogue> = { en, "zh-CN": zh };

function lookup(node: Catalogue, path: string): string | undefined {
  let at: string | Catalogue | undefined = node;
  for (const part of path.split(".")) at = typeof at === "object" ? at[part] : undefined;
  return typeof at === "string" ? at : undefined;
}

/** The issue's text in `locale`; an unknown key falls back to the key itself. */
export function issueMessage(
  key: string,
  params: Record<string, string>,
  locale: Locale = "en",
): string {
  const catalogue = CATALOGUES[locale];
  const text = lookup(catalogue, `issue.${key}`) ?? key;
  // Plain {name} arguments only (no plural / select), so this is enough.
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return name === "layout" ? (lookup(catalogue, `layout.${value}`) ?? value) : value;
  });
}

export function makeIssue(
  row: number,
  field: string,
  key: string,
  params: Record<string, string> = {},
  severity: IssueSeverity = "error",
): ImportIssue {
  return { row, field, key, params, severity, message: issueMessage(key, params) };
}
