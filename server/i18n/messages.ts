/**
 * Messages are split per area (one JSON file per namespace and locale) so features can add
 * their own text without editing a shared file. Each file's top-level key is its namespace.
 * Add a namespace here when you add its two files.
 */
import type { Locale } from "./config";

const NAMESPACES = [
  "common",
  "auth",
  "console",
  "settings",
  "portal",
  "promotion",
  "network",
  "imports",
  "rules",
  "dataTable",
  "settlement",
  "notifications",
  "legal",
  "account",
  "withdrawals",
  "identity",
  "tax",
  "payouts",
  "compliance",
  "dashboard",
  "teamBonus",
  "incentives",
  "webhooks",
  "riskCenter",
] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const parts = await Promise.all(
    NAMESPACES.map(
      async (ns) =>
        [ns, ((await import(`./messages/${locale}/${ns}.json`)) as { default: unknown }).default] as const,
    ),
  );
  return Object.fromEntries(parts);
}
