/** The friendly page for an unknown or retired short link (plain HTML: no app shell needed). */
import type { Locale } from "@/server/i18n/config";
import { promotionTexts } from "./texts";

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export function notFoundHtml(locale: Locale): string {
  const t = promotionTexts(locale).linkNotFound;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(t.title)}</title>
<style>body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f8fafc;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{max-width:22rem;padding:2rem;text-align:center}h1{font-size:1.25rem;margin:0 0 .75rem}p{color:#475569;line-height:1.6;margin:0 0 1.5rem}
a{display:inline-block;padding:.6rem 1.2rem;border-radius:.5rem;background:#0f172a;color:#fff;text-decoration:none}</style></head>
<body><main data-testid="short-link-not-found"><h1>${escape(t.title)}</h1><p>${escape(t.body)}</p><a href="/">${escape(t.home)}</a></main></body></html>`;
}
