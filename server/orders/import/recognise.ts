/**
 * Which layout a header row belongs to, and where each field's columns are. Recognition is by
 * header NAME only (never position): a layout fits when all its required fields have a
 * column; among those that fit, the one with the most identifying headers wins (then the most
 * matched columns, then list order). When none fits, the closest layout's missing headers are
 * reported by name so the brand knows what to add, or that it exported the wrong report.
 */
import { cellText, labelKey, type RawCell } from "./cell-text";
import { FIELD_NAMES, LAYOUTS, type FieldName, type Layout } from "./layouts";

export interface ResolvedLayout {
  layout: Layout;
  /** Field → column indexes in preference order (a row uses the first non-blank one). */
  columns: Partial<Record<FieldName, number[]>>;
  /** Field → the header text of its preferred column, for the summary. */
  headers: Partial<Record<FieldName, string>>;
}

/** How many non-blank rows at the top of a file may precede its header (title rows, notes). */
export const HEADER_SEARCH_ROWS = 10;

export type Recognition =
  | { ok: true; resolved: ResolvedLayout }
  | {
      ok: false;
      layout: Layout | null;
      missing: string[];
      score: number;
      /**
       * How many of the file's headers name this layout's platform alone: a header of its
       * identify list that no other platform's layout reads and that is not GENERIC. Zero means
       * the resemblance is only headers (付款时间, 数量, 实付金额) another system's export has too.
       */
      distinctive: number;
    };

/**
 * Headers any order export may have, from a marketplace or from a brand's ERP: matching only
 * these says little about which platform a file came from. (WeChat Channels' layout is built of
 * them, being known from one fixture only; see PLATFORMS.md §1.)
 */
const GENERIC = new Set(
  [
    "订单号",
    "订单编号",
    "下单时间",
    "付款时间",
    "支付时间",
    "数量",
    "商品数量",
    "实付金额",
    "金额",
    "订单状态",
    "退款状态",
    "退款金额",
    "商品名称",
    "商品ID",
    "备注",
  ].map(labelKey),
);

/** Headers each built-in layout reads (identify and columns), for telling distinctive ones apart. */
const READS = new Map(
  LAYOUTS.map((l) => [
    l,
    new Set([...l.identify, ...Object.values(l.columns).flat()].map(labelKey)),
  ]),
);

function distinctiveHeaders(layout: Layout, keys: readonly string[]): number {
  const own = new Set(layout.identify.map(labelKey));
  // Another export of the same platform (Taobao's 订单报表 and 宝贝报表) sharing it does not count.
  const elsewhere = (k: string) =>
    [...READS].some(([other, reads]) => other.channel !== layout.channel && reads.has(k));
  return keys.filter((k) => own.has(k) && !GENERIC.has(k) && !elsewhere(k)).length;
}

function resolve(layout: Layout, keys: readonly string[], shown: readonly string[]) {
  const columns: Partial<Record<FieldName, number[]>> = {};
  const headers: Partial<Record<FieldName, string>> = {};
  let matched = 0;
  for (const field of FIELD_NAMES) {
    const idx: number[] = [];
    for (const alias of layout.columns[field] ?? []) {
      const at = keys.indexOf(labelKey(alias));
      if (at >= 0 && !idx.includes(at)) idx.push(at);
    }
    if (idx.length) {
      columns[field] = idx;
      headers[field] = shown[idx[0] ?? 0];
      matched += idx.length;
    }
  }
  const missing: string[] = [];
  for (const req of layout.required) {
    const options = typeof req === "string" ? [req] : req;
    if (options.some((f) => columns[f])) continue;
    // Name the headers; a field with no header at all (a mapping that leaves it out) by its name.
    const named = options.flatMap((f) => layout.columns[f]?.slice(0, 1) ?? []);
    missing.push((named.length ? named : options).join(" / "));
  }
  const identify = layout.identify.filter((h) => keys.includes(labelKey(h))).length;
  return { columns, headers, missing, identify, matched };
}

/**
 * `layouts` defaults to the built-in ones; a brand mapping passes its single layout. An extra
 * referral column (by header name) is required when given: the brand relies on it.
 */
export function recogniseHeader(
  header: readonly RawCell[],
  opts: { layouts?: readonly Layout[]; referralColumn?: string } = {},
): Recognition {
  const shown = header.map((c) => cellText(c));
  const keys = shown.map(labelKey);
  // A joined layout's headers come from legacy-pair.ts, which names it itself.
  const layouts = opts.layouts ?? LAYOUTS.filter((l) => !l.joined);
  const candidates = layouts.map((layout) => {
    const withReferral: Layout = opts.referralColumn
      ? {
          ...layout,
          columns: { ...layout.columns, referralCode: [opts.referralColumn] },
          required: [...layout.required, "referralCode"],
        }
      : layout;
    return { layout: withReferral, ...resolve(withReferral, keys, shown) };
  });
  const fits = candidates
    .filter((c) => c.missing.length === 0)
    .sort((a, b) => b.identify - a.identify || b.matched - a.matched);
  const best = fits[0];
  if (best)
    return {
      ok: true,
      resolved: { layout: best.layout, columns: best.columns, headers: best.headers },
    };
  const closest = [...candidates].sort(
    (a, b) =>
      b.identify - a.identify || b.matched - a.matched || a.missing.length - b.missing.length,
  )[0];
  if (!closest || (opts.layouts === undefined && closest.identify === 0))
    return { ok: false, layout: null, missing: [], score: 0, distinctive: 0 };
  return {
    ok: false,
    layout: closest.layout,
    missing: closest.missing,
    score: closest.identify + closest.matched,
    // A layout the caller named (a mapping, the legacy pair) was chosen, not guessed.
    distinctive:
      opts.layouts === undefined
        ? distinctiveHeaders(closest.layout, keys)
        : closest.identify + closest.matched,
  };
}
