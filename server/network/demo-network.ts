/**
 * Demo data for the network: ~2,000 distributors in a three-level tree with levels, roles and
 * regions, a review queue, and ~3,000 bound customers. Deterministic (seeded), bulk-inserted in
 * the brand's own transaction, so the first `npm run dev` stays quick.
 */
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import {
  bindings,
  distributorLevels,
  distributors,
  distributorStatusHistory,
  memberIdentities,
  members,
} from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { seededCode, seededRandom } from "@/server/shared/seeded-random";
import { identityHash, maskIdentity } from "./identity";
import { placement } from "./tree";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高".split("");
const GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰".split("");
const REGIONS = ["杭州", "上海", "北京", "广州", "深圳", "成都", "武汉", "南京", "苏州", "西安"];

type Row = typeof distributors.$inferInsert;

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedDemoNetwork(tx: Tx, opts: { distributors?: number; customers?: number } = {}) {
  const tenantId = await currentTenantId(tx);
  const target = opts.distributors ?? 2000;
  const customerCount = opts.customers ?? 3000;
  const rand = seededRandom(20261126);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const name = () => pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : "");
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86400_000);

  const levels = [
    { name: "S", rank: 3, minGmvFen: 5_000_000, minOrders: null, minDirectCustomers: 50 },
    { name: "A", rank: 2, minGmvFen: 1_000_000, minOrders: 50, minDirectCustomers: null },
    { name: "B", rank: 1, minGmvFen: null, minOrders: null, minDirectCustomers: null },
  ].map((l) => ({ ...l, tenantId, id: uuidv7() }));
  await tx.insert(distributorLevels).values(levels);
  const [S, A, B] = levels as [(typeof levels)[0], (typeof levels)[0], (typeof levels)[0]];

  const memberRows: (typeof members.$inferInsert)[] = [];
  const identityRows: (typeof memberIdentities.$inferInsert)[] = [];
  const distributorRows: Row[] = [];
  let phoneSeq = 0;
  const person = (displayName: string | null, createdAt: Date) => {
    const id = uuidv7();
    phoneSeq += 1;
    const phone = `1${pick(["35", "36", "37", "38", "39", "58", "86", "88"])}${String(10_000_000 + phoneSeq * 7919).slice(-8)}`;
    memberRows.push({ tenantId, id, displayName, createdAt });
    identityRows.push({ tenantId, memberId: id, kind: "phone", valueHash: identityHash("phone", phone), masked: maskIdentity("phone", phone), verifiedAt: createdAt, createdAt });
    return { id, masked: maskIdentity("phone", phone) };
  };
  const codes = new Set<string>();
  const code = () => {
    for (;;) {
      const c = seededCode(rand, 6);
      if (!codes.has(c)) return codes.add(c), c;
    }
  };
  const add = (upline: Row | null, fields: Partial<Row>) => {
    const appliedAt = daysAgo(5 + rand() * 360);
    const n = name();
    const m = person(n, appliedAt);
    const place = placement(upline ? { id: upline.id!, path: upline.path, uplineId: upline.uplineId ?? null } : null, uuidv7());
    const row: Row = {
      tenantId,
      ...place,
      memberId: m.id,
      code: code(),
      name: n,
      phoneMasked: m.masked,
      status: "active",
      role: "distributor",
      region: upline?.region ?? pick(REGIONS),
      levelId: B.id,
      appliedAt,
      approvedAt: new Date(appliedAt.getTime() + 86400_000),
      gmvFen: Math.floor(rand() * 800_000),
      orderCount: Math.floor(rand() * 40),
      ...fields,
    };
    distributorRows.push(row);
    return row;
  };

  // Three tiers: team leads / city partners at the top, their recruits, and those recruits' recruits.
  const roots: Row[] = [];
  for (let i = 0; i < 20; i++) {
    const city = i < 6;
    roots.push(add(null, { role: city ? "city_partner" : "team_lead", region: REGIONS[i % REGIONS.length], levelId: i < 8 ? S.id : A.id, gmvFen: 5_000_000 + Math.floor(rand() * 20_000_000), orderCount: 200 + Math.floor(rand() * 800) }));
  }
  const middle: Row[] = [];
  for (const r of roots) {
    const n = 8 + Math.floor(rand() * 8);
    for (let i = 0; i < n; i++) middle.push(add(r, { levelId: rand() < 0.4 ? A.id : B.id, role: rand() < 0.05 ? "employee" : "distributor" }));
  }
  while (distributorRows.length < target) {
    const parent = pick(middle);
    const r = rand();
    const status = r < 0.015 ? "applied" : r < 0.022 ? "frozen" : r < 0.026 ? "disabled" : r < 0.031 ? "rejected" : "active";
    add(parent, {
      status,
      approvedAt: status === "applied" || status === "rejected" ? null : undefined,
      appliedAt: status === "applied" ? daysAgo(rand() * 4) : undefined,
      rejectReason: status === "rejected" ? "资料不完整 / incomplete application" : null,
      applicationNote: status === "applied" ? "我在小红书有 3,000 粉丝，想推广贵品牌 / 3k followers on Xiaohongshu" : null,
    });
  }

  // Customers, bound to active distributors (busy ones get more).
  const active = distributorRows.filter((d) => d.status === "active");
  const bindingRows: (typeof bindings.$inferInsert)[] = [];
  const perDistributor = new Map<string, number>();
  for (let i = 0; i < customerCount; i++) {
    const boundAt = daysAgo(rand() * 90);
    const buyer = person(null, boundAt);
    const d = rand() < 0.3 ? pick(roots) : pick(active);
    bindingRows.push({ tenantId, buyerMemberId: buyer.id, distributorId: d.id!, source: pick(["link", "qr", "poster", "order_code"] as const), boundAt, protectedUntil: new Date(boundAt.getTime() + 30 * 86400_000) });
    perDistributor.set(d.id!, (perDistributor.get(d.id!) ?? 0) + 1);
  }
  for (const d of distributorRows) d.directCustomerCount = perDistributor.get(d.id!) ?? 0;

  await insertChunked(memberRows, 1000, (c) => tx.insert(members).values(c));
  await insertChunked(identityRows, 1000, (c) => tx.insert(memberIdentities).values(c));
  // Parents before children: the upline foreign key is checked row by row.
  await insertChunked(distributorRows, 500, (c) => tx.insert(distributors).values(c));
  await insertChunked(distributorRows, 1000, (c) =>
    tx.insert(distributorStatusHistory).values(
      c.map((d) => ({ tenantId, distributorId: d.id!, fromStatus: null, toStatus: d.status ?? "active", actorType: "system", reason: "demo", createdAt: d.appliedAt as Date })),
    ),
  );
  await insertChunked(bindingRows, 1000, (c) => tx.insert(bindings).values(c));
  return { distributors: distributorRows.length, customers: bindingRows.length };
}
