/**
 * Where a buyer can buy: a product's per-channel item links (Tmall / Taobao, JD, Pinduoduo,
 * Douyin shop, the brand's own H5 shop, a mini-program page) and the brand's own channels (H5
 * shop, mini program). Each marketplace link must be an https item page on that marketplace's
 * own host, so a product's "buy on JD" button can only ever lead to JD. Every button carries the
 * referral as `fx_ref=<code>` (PLATFORMS.md: marketplace exports often lack buyer identity, so
 * the code travelling with the order is what attributes it). Pure.
 */
import { z } from "zod";
import type { BrandChannels, ProductBuyLinks } from "@/db/schema";

export const MARKETPLACE_HOSTS = {
  tmall: ["detail.tmall.com", "detail.m.tmall.com", "item.taobao.com", "h5.m.taobao.com", "chaoshi.detail.tmall.com"],
  jd: ["item.jd.com", "item.m.jd.com"],
  pdd: ["mobile.yangkeduo.com"],
  douyin: ["haohuo.jinritemai.com"],
} as const;
export type Marketplace = keyof typeof MARKETPLACE_HOSTS;

/** The order buttons appear in: marketplaces first, then the brand's own shop and mini program. */
export const BUY_CHANNELS = ["tmall", "jd", "pdd", "douyin", "h5", "miniProgram"] as const;
export type BuyChannel = (typeof BUY_CHANNELS)[number];

export type { BrandChannels, ProductBuyLinks };

function httpsUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" || url.username || url.password || url.port) return null;
    return url;
  } catch {
    return null;
  }
}

/** A mini-program page path with an optional query: "pages/goods/detail?id=123". */
const MINI_PROGRAM_PATH = /^\/?[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*(?:\?[A-Za-z0-9_.~!$'()*+,;=:@%&/-]*)?$/;
const MINI_PROGRAM_APPID = /^wx[0-9a-f]{16}$/;

export type BuyLinkProblem = "buyLink.invalid" | "buyLink.httpsOnly" | "buyLink.wrongHost";

/** Why `value` is not a valid link for `channel`, or null when it is. */
export function buyLinkProblem(channel: BuyChannel, value: string): BuyLinkProblem | null {
  if (channel === "miniProgram") return MINI_PROGRAM_PATH.test(value) && value.length <= 500 ? null : "buyLink.invalid";
  if (value.length > 1000) return "buyLink.invalid";
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return "buyLink.invalid";
  }
  if (!httpsUrl(value)) return parsed.protocol === "http:" ? "buyLink.httpsOnly" : "buyLink.invalid";
  if (channel === "h5") return null;
  const hosts: readonly string[] = MARKETPLACE_HOSTS[channel];
  return hosts.includes(parsed.hostname.toLowerCase()) ? null : "buyLink.wrongHost";
}

const linkField = (channel: BuyChannel) =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (!v) return;
      const problem = buyLinkProblem(channel, v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional();

/** Empty fields are dropped: `{}` means no buy links. */
export const productBuyLinksSchema = z
  .object(Object.fromEntries(BUY_CHANNELS.map((c) => [c, linkField(c)])) as Record<BuyChannel, ReturnType<typeof linkField>>)
  .transform((links) => {
    const out: ProductBuyLinks = {};
    for (const c of BUY_CHANNELS) if (links[c]) out[c] = links[c];
    return out;
  });

export const brandChannelsSchema = z
  .object({
    h5Url: linkField("h5"),
    miniProgramAppId: z
      .string()
      .trim()
      .refine((v) => !v || MINI_PROGRAM_APPID.test(v), "buyLink.appId")
      .optional(),
    miniProgramPath: linkField("miniProgram"),
  })
  .transform((c) => {
    const out: BrandChannels = {};
    if (c.h5Url) out.h5Url = c.h5Url;
    if (c.miniProgramAppId) out.miniProgramAppId = c.miniProgramAppId;
    if (c.miniProgramPath) out.miniProgramPath = c.miniProgramPath;
    return out;
  });

/**
 * `url` with `params` appended: the existing query is kept byte for byte (shop URLs can be
 * picky) except earlier values of the same parameters (and of `alsoDrop`), which go. The
 * fragment stays last.
 */
export function appendParams(url: URL, params: Record<string, string>, alsoDrop: string[] = []): URL {
  const names = new Set([...Object.keys(params), ...alsoDrop]);
  const kept = url.search
    .replace(/^\?/, "")
    .split("&")
    .filter((part) => part && !names.has(decodeURIComponent(part.split("=")[0]!.replace(/\+/g, " "))));
  const next = new URL(url.href);
  next.search = [...kept, new URLSearchParams(params).toString()].join("&");
  return next;
}

/** The link with the referral, or null when the link is not valid for its channel. */
export function withReferral(channel: Exclude<BuyChannel, "miniProgram">, link: string, code: string): string | null {
  if (buyLinkProblem(channel, link)) return null;
  return appendParams(new URL(link), { fx_ref: code }).toString();
}

/**
 * WeChat's plain-text URL Scheme (opens the mini program from a browser once the brand allows
 * the page under 隐私与安全 → 明文 scheme): the path goes without its query, the query (with
 * `fx_ref`) separately, url-encoded.
 */
export function miniProgramLink(appId: string, pagePath: string, code: string | null): string | null {
  if (!MINI_PROGRAM_APPID.test(appId) || !MINI_PROGRAM_PATH.test(pagePath)) return null;
  const [path, query = ""] = pagePath.replace(/^\//, "").split("?", 2) as [string, string?];
  const kept = query.split("&").filter((p) => p && p.split("=")[0] !== "fx_ref");
  const fullQuery = [...kept, ...(code ? [`fx_ref=${encodeURIComponent(code)}`] : [])].join("&");
  const queryPart = fullQuery ? `&query=${encodeURIComponent(fullQuery)}` : "";
  return `weixin://dl/business/?appid=${appId}&path=${encodeURIComponent(path)}${queryPart}&env_version=release`;
}

export interface BuyButton {
  channel: BuyChannel;
  href: string;
}

/**
 * The buttons a buyer sees, each carrying the referral: the product's own links when there is
 * a product; the brand's H5 shop and mini program otherwise (or when the product has no link
 * of that kind). Invalid stored links are skipped, never shown.
 */
export function buyButtons(
  product: ProductBuyLinks | null,
  brand: BrandChannels,
  code: string | null,
): BuyButton[] {
  const ref = code ?? "";
  const out: BuyButton[] = [];
  const add = (channel: BuyChannel, href: string | null) => {
    if (href) out.push({ channel, href });
  };
  const withRef = (channel: Exclude<BuyChannel, "miniProgram">, link: string) =>
    ref ? withReferral(channel, link, ref) : buyLinkProblem(channel, link) ? null : link;
  for (const c of ["tmall", "jd", "pdd", "douyin"] as const) {
    const link = product?.[c];
    if (link) add(c, withRef(c, link));
  }
  const h5 = product?.h5 ?? brand.h5Url;
  if (h5) add("h5", withRef("h5", h5));
  const page = product?.miniProgram ?? brand.miniProgramPath;
  if (brand.miniProgramAppId && page) add("miniProgram", miniProgramLink(brand.miniProgramAppId, page, ref));
  return out;
}
