/**
 * Demo data for the network: ~2,000 distributors in a three-level tree with levels, roles and
 * regions, a review queue, ~3,000 bound customers, short links with their clicks, and a few
 * poster templates and materials. The brand "started" two years ago: the founders joined
 * first, every recruit after its upline, every binding and click after its distributor was
 * approved, and recent weeks are busier, so the console's counts and charts read like a real
 * program. Deterministic (seeded) apart from link codes, bulk-inserted in the brand's own
 * transaction, so the first `npm run dev` stays quick.
 */
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "@/db/client";
import {
  bindings,
  distributorLevels,
  distributors,
  distributorStatusHistory,
  linkClicks,
  memberIdentities,
  members,
  shortLinks,
} from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { SHORT_CODE_LENGTH } from "@/server/promotion/short-links";
import { createMaterial } from "@/server/promotion/materials";
import { demoPosterBackground, type DemoPosterTheme } from "@/server/promotion/demo-images";
import { createTemplate } from "@/server/promotion/templates";
import { appStorage, type StorageDriver } from "@/server/storage";
import { mediaUrl, newObjectKey } from "@/server/storage/keys";
import { randomCode } from "@/server/shared/crypto";
import { updateProgramSettings } from "@/server/tenancy/settings";
import { seededCode, seededRandom } from "@/server/shared/seeded-random";
import { identityHash, maskIdentity } from "./identity";
import { placement } from "./tree";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高".split("");
const GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰".split("");
const REGIONS = ["杭州", "上海", "北京", "广州", "深圳", "成都", "武汉", "南京", "苏州", "西安"];

/** The demo program's age: the first distributors joined this many days ago. */
export const DEMO_HISTORY_DAYS = 730;
const DAY = 86_400_000;

/** What applicants write, in their own words. */
export const DEMO_APPLICATION_NOTES = [
  "我在小红书有 3,000 多粉丝，主要分享茶饮和养生，想推广贵品牌的龙井。",
  "宝妈一枚，平时在小区团购群里帮邻居拼单，群里有 400 多人。",
  "之前做过两年茶叶代理，有稳定的老客户，希望长期合作。",
  "在杭州开了一家小茶馆，想把礼盒放在店里推荐给客人。",
  "抖音账号做家常菜和滋补汤，1.2 万粉丝，想带蜂蜜和枸杞。",
  "公司行政，负责采购员工福利和节日礼品，想了解团购价格。",
  "朋友推荐来的，自己一直在喝你们家的茶，想顺便推荐给同事。",
  "大学生，课余时间在朋友圈和校园群分享好物。",
  "做了 5 年微商，有自己的团队，想先试一个月看看效果。",
  "瑜伽馆老师，会员对养生茶很感兴趣。",
  null,
  null,
] as const;

const DEMO_REJECT_REASONS = [
  "资料不完整，请补充联系方式后重新申请",
  "所在地区暂未开放招募",
  "与现有分销商信息重复",
  "推广渠道不符合品牌要求",
] as const;

export const DEMO_TEMPLATES = [
  { name: "春茶上新", headline: "明前龙井 · 今春第一口鲜", textColor: "#14532d", accentColor: "#16a34a", theme: "spring" },
  { name: "节日礼盒", headline: "送礼送健康 · 龙井礼盒", textColor: "#7f1d1d", accentColor: "#dc2626", theme: "festival" },
  { name: "日常推荐", headline: "好茶好物 · 朋友推荐", textColor: "#1e3a8a", accentColor: "#2563eb", theme: "daily" },
] as const satisfies readonly { name: string; headline: string; textColor: string; accentColor: string; theme: DemoPosterTheme }[];

const DEMO_MATERIALS = [
  { title: "春茶朋友圈文案", body: "今年的明前龙井到了🍃 豆香清新、回甘明显，一泡就能喝出春天。点我的链接下单，新客有专属优惠～" },
  { title: "礼盒送礼话术", body: "中秋、春节送长辈送客户都合适：龙井礼盒 2×125g，包装大气，顺丰包邮。需要开票可以私信我。" },
  { title: "蜂蜜种草短文", body: "早上一杯温蜂蜜水，是我坚持了三年的小习惯。洋槐蜂蜜清甜不腻，孩子也爱喝。" },
  { title: "新人入门须知", body: "1. 分享你的专属链接或海报；2. 好友通过链接下单即算你的业绩；3. 售后期过后佣金自动结算到账户。" },
] as const;

type Row = typeof distributors.$inferInsert;

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedDemoNetwork(
  tx: Tx,
  opts: { distributors?: number; customers?: number; storage?: StorageDriver } = {},
) {
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
  /** A join date after the upline's approval (the founders: the program's first month). */
  const joinDate = (upline: Row | null) => {
    const earliest = upline ? (upline.approvedAt as Date).getTime() + DAY : now - DEMO_HISTORY_DAYS * DAY;
    const latest = upline ? now - 5 * DAY : now - (DEMO_HISTORY_DAYS - 30) * DAY;
    // Skewed towards recent months: a program grows.
    return new Date(earliest + Math.sqrt(rand()) * Math.max(0, latest - earliest));
  };
  const add = (upline: Row | null, fields: Partial<Row>) => {
    const appliedAt = (fields.appliedAt) ?? joinDate(upline);
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
      approvedAt: new Date(appliedAt.getTime() + DAY),
      gmvFen: Math.floor(rand() * 800_000),
      orderCount: Math.floor(rand() * 40),
      // Fields given as undefined keep the defaults above.
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
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
      rejectReason: status === "rejected" ? pick(DEMO_REJECT_REASONS) : null,
      applicationNote: status === "applied" || status === "rejected" ? pick(DEMO_APPLICATION_NOTES) : null,
    });
  }

  // Customers, bound to active distributors (busy ones get more).
  const active = distributorRows.filter((d) => d.status === "active");
  const bindingRows: (typeof bindings.$inferInsert)[] = [];
  const perDistributor = new Map<string, number>();
  /** A moment between a distributor's approval and now, recent days more likely. */
  const afterApproval = (d: Row) => {
    const from = (d.approvedAt as Date).getTime();
    return new Date(now - rand() * rand() * (now - from));
  };
  for (let i = 0; i < customerCount; i++) {
    const d = rand() < 0.3 ? pick(roots) : pick(active);
    const boundAt = afterApproval(d);
    const buyer = person(null, boundAt);
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
  const clicks = await seedLinksAndClicks(tx, tenantId, [...roots, ...middle, ...active.filter(() => rand() < 0.2)], rand, afterApproval);
  await seedPromotionLibrary(tx, tenantId, opts.storage ?? appStorage());
  // A program that has run for two years has its commission settings chosen (the console's
  // onboarding checklist reads this step from the audit log, so it shows as done).
  await updateProgramSettings(tx, { type: "system", id: null }, { commissionLevels: 2, afterSalesDays: 15, bindingMode: "lock", bindingLockDays: 30, selfPurchase: "block" });
  return { distributors: distributorRows.length, customers: bindingRows.length, clicks };
}

/** A default short link for the busier distributors, with visits from the link, QR codes and posters. */
async function seedLinksAndClicks(tx: Tx, tenantId: string, sharing: Row[], rand: () => number, at: (d: Row) => Date) {
  const unique = [...new Map(sharing.filter((d) => d.status === "active").map((d) => [d.id!, d])).values()];
  // Real random codes: they are public and platform-wide unique (another brand may hold one).
  const links = unique.map((d) => ({ tenantId, id: uuidv7(), code: randomCode(SHORT_CODE_LENGTH), distributorId: d.id!, createdAt: d.approvedAt as Date }));
  await insertChunked(links, 1000, (c) => tx.insert(shortLinks).values(c));
  // Register every code in one statement; a code another brand already holds loses its link.
  await tx.execute(sql`delete from short_links where tenant_id = ${tenantId} and not fx_register_short_code(id)`);
  const kept = new Set((await tx.select({ id: shortLinks.id }).from(shortLinks)).map((l) => l.id));
  const clickRows: (typeof linkClicks.$inferInsert)[] = [];
  unique.forEach((d, i) => {
    const link = links[i]!;
    if (!kept.has(link.id)) return;
    const visits = Math.floor(rand() * rand() * 40);
    const devices = Array.from({ length: Math.max(1, Math.ceil(visits * 0.7)) }, () => `demo-${randomCode(12)}`);
    for (let v = 0; v < visits; v++) {
      clickRows.push({ tenantId, shortLinkId: link.id, distributorId: d.id!, deviceId: devices[Math.floor(rand() * devices.length)]!, via: (["link", "link", "qr", "poster"] as const)[Math.floor(rand() * 4)]!, createdAt: at(d) });
    }
  });
  await insertChunked(clickRows, 1000, (c) => tx.insert(linkClicks).values(c));
  return clickRows.length;
}

/**
 * A few poster templates, each with a drawn background kept in storage like an upload (so the
 * demo's posters look like posters, offline), and copy materials.
 */
async function seedPromotionLibrary(tx: Tx, tenantId: string, storage: StorageDriver) {
  const system = { type: "system", id: null } as const;
  for (const { theme, ...tpl } of DEMO_TEMPLATES) {
    const key = newObjectKey(tenantId, "public", "webp");
    await storage.put(key, await demoPosterBackground(theme, tpl.accentColor), "image/webp");
    await createTemplate(tx, system, { ...tpl, backgroundUrl: mediaUrl(key) });
  }
  for (const m of DEMO_MATERIALS) await createMaterial(tx, system, { kind: "copy", ...m });
}
