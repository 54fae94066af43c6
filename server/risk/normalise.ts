/**
 * Normalising and hashing risk identifiers (DOMAIN.md §7, issue 10). One function per kind, used
 * by both sides of every comparison: order ingest (what it stores on the order) and the
 * blacklist (what an entry stores), so "北京市朝阳区 建国路８８号" on an order meets
 * "北京朝阳区建国路88号" on the list.
 *
 * Two keys:
 * - brand-side hashes are the ones the rest of the product already stores for the same value
 *   (phone identities and orders: keyedHash under FENXIAO_HASH_KEY; KYC id and card numbers:
 *   piiHash, keyed per brand), so a blacklist check is an equality probe on an existing column;
 * - shared-list hashes use a separate platform key derived for that purpose only, so a value on
 *   the shared list cannot be joined with any brand's own tables, and the list holds no value
 *   any brand-side key produced.
 */
import crypto from "node:crypto";
import { isIP } from "node:net";
import type { RiskListKind, SharedListKind } from "@/db/risk-kinds";
import { env } from "@/server/env";
import { maskCard, maskIdNumber, piiHash } from "@/server/payouts/crypto/pii";
import { checkBankCard, normalizeIdNumber } from "@/server/payouts/kyc/validate";
import { maskPhone, normalisePhone, phoneHash } from "@/server/portal/phone";
import { keyedHash } from "@/server/shared/crypto";

// ─── addresses ─────────────────────────────────────────────────────────────────────────────

/** Province-level names, short form (the suffix 省 / 市 / 自治区 … is stripped after them). */
const PROVINCES = [
  "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
  "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
  "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
];
const PROVINCE_SUFFIX = /^(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)/;
/** A prefecture-level city: a short name then 市 / 自治州 / 地区 / 盟 (no 区 / 县 / 路 inside). */
const CITY = /^([^区县路街道巷号市]{2,6}?)(?:市|自治州|地区|盟)/;
const CITY_SUFFIX = /^(?:市|自治州|地区|盟)/;
/** A county-level district: up to six characters ending 区 / 县 / 旗. */
const DISTRICT = /^([^区县路街道巷号]{1,6}?(?:区|县|旗))/;

/**
 * Canonical text of a shipping address: full-width characters to half-width (NFKC), letters
 * lower-case, no whitespace, punctuation or symbols, and the leading region (province, city,
 * district) without the 省 / 市 suffixes (written both ways in the wild), each region named
 * once even when the street line repeats it. Pure.
 */
export function normaliseAddress(address: string | { province?: string | null; city?: string | null; district?: string | null; detail: string }): string {
  const text =
    typeof address === "string" ? address : [address.province, address.city, address.district, address.detail].filter(Boolean).join("");
  let s = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
  // Leading region tokens, each kept once: "广东省深圳市南山区" + a street line that says
  // "广东深圳南山区" again reads as one region. Every step consumes text, so this ends.
  const tokens: string[] = [];
  for (let step = 0; step < 12 && s; step++) {
    const province = PROVINCES.find((name) => s.startsWith(name));
    const city = province ? null : CITY.exec(s);
    const seen = province || city ? null : tokens.find((t) => s.startsWith(t));
    const district = province || city || seen ? null : DISTRICT.exec(s);
    let token: string;
    if (province) {
      token = province;
      s = s.slice(province.length).replace(PROVINCE_SUFFIX, "");
    } else if (city) {
      token = city[1]!;
      s = s.slice(city[0].length);
    } else if (seen) {
      token = seen;
      s = s.slice(seen.length).replace(CITY_SUFFIX, "");
    } else if (district) {
      token = district[1]!;
      s = s.slice(token.length);
    } else break;
    if (!tokens.includes(token)) tokens.push(token);
  }
  return tokens.join("") + s;
}

/** The region and the first few characters of the street, then an ellipsis. */
export function maskAddress(normalised: string): string {
  const keep = Math.min(8, Math.max(2, Math.floor(normalised.length / 2)));
  return normalised.length <= keep ? `${normalised.slice(0, 1)}…` : `${normalised.slice(0, keep)}…`;
}

// ─── devices and IPs ───────────────────────────────────────────────────────────────────────

/** Device ids are opaque: only whitespace and letter case vary between a brand's systems. */
export function normaliseDevice(id: string): string {
  return id.trim().toLowerCase();
}

export function maskDevice(normalised: string): string {
  return normalised.length <= 6 ? `${normalised.slice(0, 1)}…` : `${normalised.slice(0, 4)}…${normalised.slice(-2)}`;
}

/** An IPv4 or IPv6 address in canonical form, or null. IPv4-mapped IPv6 becomes IPv4. */
export function normaliseIp(ip: string): string | null {
  let v = ip.trim().toLowerCase();
  if (v.startsWith("::ffff:") && isIP(v.slice(7)) === 4) v = v.slice(7);
  const family = isIP(v);
  if (family === 4) return v.split(".").map((o) => String(Number(o))).join(".");
  if (family === 6) return expandIpv6(v).map((h) => h.toString(16)).join(":");
  return null;
}

function expandIpv6(v: string): number[] {
  const [head, tail] = v.includes("::") ? v.split("::") : [v, null];
  const parse = (part: string | null | undefined) => (part ? part.split(":").filter(Boolean) : []);
  const h = parse(head);
  const t = parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) counts as two groups.
  const groups = (xs: string[]) =>
    xs.flatMap((x) => {
      if (!x.includes(".")) return [parseInt(x, 16)];
      const [a, b, c, d] = x.split(".").map(Number) as [number, number, number, number];
      return [(a << 8) | b, (c << 8) | d];
    });
  const hg = groups(h);
  const tg = groups(t);
  const fill = tail === null ? [] : new Array<number>(8 - hg.length - tg.length).fill(0);
  return [...hg, ...fill, ...tg];
}

/** "10.1.2.3/8" → "10.0.0.0/8"; a bare address is a /32 (/128). Null if not a range. */
export function normaliseIpRange(range: string): string | null {
  const [addr, bitsText] = range.trim().split("/");
  const ip = normaliseIp(addr ?? "");
  if (!ip) return null;
  const v4 = isIP(ip) === 4;
  const max = v4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max || (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText))) return null;
  if (v4) {
    const n = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - bits);
    const base = Math.floor(n / size) * size;
    const octets = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256);
    return `${octets.join(".")}/${bits}`;
  }
  const groups = expandIpv6(ip);
  const masked = groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
  });
  return `${masked.map((h) => h.toString(16)).join(":")}/${bits}`;
}

// ─── one entry point per kind ──────────────────────────────────────────────────────────────

export interface NormalisedValue {
  kind: RiskListKind;
  /** Canonical text; hashed, never stored. */
  normalised: string;
  /** The brand-side keyed hash: equal to what ingest / KYC stores for the same value. */
  hash: string;
  masked: string;
  /** ip_range: the canonical CIDR, matched by Postgres (`inet <<= cidr`). */
  ipRange: string | null;
}

/**
 * Normalises a blacklist value of a kind for a brand; null when the value is not one (a phone
 * that is not a mainland mobile, a card that is not 12–19 digits, a malformed range).
 */
export function normaliseListValue(tenantId: string, kind: RiskListKind, raw: string): NormalisedValue | null {
  const value = raw.trim();
  if (!value) return null;
  switch (kind) {
    case "phone": {
      const p = normalisePhone(value);
      return p ? { kind, normalised: p, hash: phoneHash(p), masked: maskPhone(p), ipRange: null } : null;
    }
    case "device": {
      const d = normaliseDevice(value);
      return d ? { kind, normalised: d, hash: deviceHash(d), masked: maskDevice(d), ipRange: null } : null;
    }
    case "address": {
      const a = normaliseAddress(value);
      return a.length >= 4 ? { kind, normalised: a, hash: addressHash(a), masked: maskAddress(a), ipRange: null } : null;
    }
    case "id_number": {
      const id = normalizeIdNumber(value);
      // Mainland resident ID (18) or the older 15-digit form; other permits are not listed here.
      if (!/^(?:\d{17}[\dX]|\d{15})$/.test(id)) return null;
      return { kind, normalised: id, hash: piiHash(tenantId, id), masked: maskIdNumber(id), ipRange: null };
    }
    case "bank_card": {
      const c = checkBankCard(value);
      return c.ok ? { kind, normalised: c.card, hash: piiHash(tenantId, c.card), masked: maskCard(c.card), ipRange: null } : null;
    }
    case "ip_range": {
      const r = normaliseIpRange(value);
      return r ? { kind, normalised: r, hash: keyedHash(r, "ip_range"), masked: r, ipRange: r } : null;
    }
  }
}

/** The hashes ingest stores on the order (orders.device_hash, ip_hash, shipping_hash, receiver_phone_hash). */
export const deviceHash = (normalised: string) => keyedHash(normalised, "device");
export const ipHash = (normalised: string) => keyedHash(normalised, "ip");
export const addressHash = (normalised: string) => keyedHash(normalised, "address");
export { phoneHash };

let sharedKey: Buffer | undefined;

/**
 * The shared list's hash: HMAC-SHA256 under a platform key derived from the deployment secret
 * for this purpose only (never a brand's key, never stored anywhere else). Same value → same
 * hash in every brand, which is what lets brands match without revealing the value.
 */
export function sharedHash(kind: SharedListKind, normalised: string): string {
  sharedKey ??= crypto.createHash("sha256").update(`fenxiao-shared-risk-list\u0000${env.FENXIAO_HASH_KEY}`).digest();
  return crypto.createHmac("sha256", sharedKey).update(`${kind}\u0000${normalised}`).digest("base64url");
}
