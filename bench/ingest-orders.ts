/**
 * Orders for the ingest benchmark: every order a new buyer with two lines, attributed by
 * referral code so three tiers earn, and skewed so one city partner sits in the earning chain
 * of more than 30% of orders (as tier 1, 2 or 3) — the hot rows real programmes have.
 */
import type { LoadedTree } from "./load-tree";
import type { TreeShape } from "./tree-shape";

const CHANNELS = ["tmall", "jd", "pdd", "douyin", "mini_program", "wechat_channels"] as const;

export interface OrderPicker {
  /** The referral code for the next order. */
  code(): string;
  /** Share of picks that put the city partner in the chain, by construction. */
  hotShare: number;
}

/** `hotShare` of orders go to the city partner or its first two levels; the rest anywhere ≥ depth 2. */
export function orderPicker(shape: TreeShape, tree: LoadedTree, random: () => number, hotShare = 0.35): OrderPicker {
  const cp = shape.cityPartner;
  const hot: number[] = [cp];
  const cold: number[] = [];
  for (let i = 0; i < shape.parent.length; i++) {
    if (!tree.active[i]) continue;
    const p = shape.parent[i]!;
    const pp = p < 0 ? -1 : shape.parent[p]!;
    if (p === cp || pp === cp) hot.push(i);
    else if (i !== cp && shape.depth[i]! >= 2) cold.push(i);
  }
  return {
    hotShare,
    code: () => {
      const pool = random() < hotShare ? hot : cold;
      return tree.codes[pool[Math.floor(random() * pool.length)]!]!;
    },
  };
}

let sequence = 0;

/** A unique mainland mobile number per call in this process (a new buyer each order). */
export function nextBuyerPhone() {
  sequence += 1;
  return `1${3 + (sequence % 7)}${String(sequence).padStart(9, "0")}`;
}

let orders = 0;

export function benchOrder(prefix: string, n: number, code: string, paidAt: Date, random: () => number) {
  // Unique in this process, unlike n (each in-process single-order call passes 0).
  const serial = ++orders;
  const a = 1_000 + Math.floor(random() * 50_000);
  const b = 500 + Math.floor(random() * 20_000);
  return {
    channel: CHANNELS[n % CHANNELS.length]!,
    externalId: `${prefix}-${n}`,
    status: "paid" as const,
    buyer: { identities: [{ kind: "phone" as const, value: nextBuyerPhone() }] },
    referralCode: code,
    items: [
      { sku: `TEA-${n % 40}`, category: "tea", quantity: 1, amountFen: a },
      { sku: `CUP-${n % 25}`, category: "teaware", quantity: 2, amountFen: b },
    ],
    paidAt: paidAt.toISOString(),
    // Each order its own device, IP and address, as ordinary traffic: the risk checks probe
    // every one of them (server/risk) without finding a cluster.
    device: { id: `${prefix}-D${n}`, ip: `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}` },
    shippingAddress: { province: "浙江省", city: "杭州市", district: "西湖区", detail: `文三路${serial}号${Math.floor(random() * 1000)}室` },
  };
}

/** The rules the benchmark brand pays by: a generic 3-tier rule, a category rule and a bonus. */
export const BENCH_RULES = [
  { name: "base", priority: 0, stackable: false, match: {}, tiers: [{ tier: 1 as const, rateBp: 1000 }, { tier: 2 as const, rateBp: 500 }, { tier: 3 as const, rateBp: 200 }] },
  { name: "teaware", priority: 5, stackable: false, match: { categories: ["teaware"] }, tiers: [{ tier: 1 as const, rateBp: 1500 }, { tier: 2 as const, fixedFen: 100 }] },
  { name: "bonus", priority: 0, stackable: true, match: { channels: ["tmall", "jd"] }, tiers: [{ tier: 1 as const, rateBp: 100 }] },
];
