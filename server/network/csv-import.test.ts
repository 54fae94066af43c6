import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import en from "@/server/i18n/messages/en/network.json";
import zh from "@/server/i18n/messages/zh-CN/network.json";
import { createBrandFixture } from "@/server/testing/fixtures";
import { outcomeOf } from "@/server/testing/outcomes";
import { importDistributorsCsv, issueMessageEn } from "./csv-import";
import { listDistributors } from "./distributors";
import { createLevel } from "./levels";
import { ADMIN, nextPhone } from "./test-helpers";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Dotted keys of a message tree, each with its text. */
function leaves(node: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("CSV import", () => {
  it("imports good rows, reports bad ones line by line, and resolves uplines from earlier rows", async () => {
    const b = await createBrandFixture(t);
    await withTenant(t.db, b.tenantId, (tx) => createLevel(tx, ADMIN, { name: "S", rank: 3, minGmvFen: null, minOrders: null, minDirectCustomers: null }));
    const p1 = nextPhone();
    const p2 = nextPhone();
    const csv = [
      "姓名,手机号,地区,角色,等级,上级邀请码",
      `Leader,${p1},杭州,团队长,S,`,
      `Dup,${p1},杭州,,,`,
      "BadPhone,12345,杭州,,,",
      `Partner,${nextPhone()},,city_partner,,`,
      `Ghost,${nextPhone()},,,X,`,
      `NoUpline,${nextPhone()},,,,ZZZZZZ`,
      `Member,${p2},宁波,,S,`,
    ].join("\n");
    const report = await withTenant(t.db, b.tenantId, (tx) => importDistributorsCsv(tx, ADMIN, csv));
    expect(report.total).toBe(7);
    expect(report.created).toBe(2);
    expect(report.results.map((r) => [r.line, r.ok])).toEqual([[2, true], [3, false], [4, false], [5, false], [6, false], [7, false], [8, true]]);
    expect(report.results.map((r) => r.issues)).toEqual([
      undefined,
      [{ field: "phone", key: "phone.alreadyDistributor", params: { phone: p1 } }],
      [{ field: "phone", key: "phone.invalid", params: { phone: "12345" } }],
      [{ field: "region", key: "region.requiredForCityPartner", params: {} }],
      [{ field: "level", key: "level.unknown", params: { level: "X" } }],
      [{ field: "uplineCode", key: "inviter.invalid", params: { uplineCode: "ZZZZZZ" } }],
      undefined,
    ]);
    // API users keep an English sentence, rendered from the same catalogue with its values.
    expect(report.results.map((r) => r.error)).toEqual([
      undefined,
      `The person with mobile number ${p1} is already a distributor.`,
      "“12345” is not an 11-digit mainland China mobile number.",
      "A city partner needs a region.",
      "No level is called “X” (see Settings → Levels).",
      "No distributor has the referral code “ZZZZZZ”.",
      undefined,
    ]);
    const list = await withTenant(t.db, b.tenantId, (tx) => listDistributors(tx, { limit: 10, offset: 0 }));
    expect(list.items.map((i) => [i.name, i.role, i.levelName]).sort()).toEqual([["Leader", "team_lead", "S"], ["Member", "distributor", "S"]]);
    // The upline code of a row created earlier in the same file works.
    const leader = report.results[0]!.code!;
    const second = await withTenant(t.db, b.tenantId, (tx) => importDistributorsCsv(tx, ADMIN, `name,phone,upline_code\nFollower,${nextPhone()},${leader}`));
    expect(second.created).toBe(1);
  });

  it("gives every failed row keyed issues, several at once where the row has several mistakes", async () => {
    const b = await createBrandFixture(t);
    const long = "x".repeat(61);
    const csv = [
      "name,phone,region,role,level,upline_code",
      `Boss,${nextPhone()},,boss,Gold,`,
      ",,杭州,,,",
      `${long},${nextPhone()},${long},,,`,
      `Code,${nextPhone()},,,,${"A".repeat(21)}`,
      `Lead,${nextPhone()},,Team_Lead,,`,
    ].join("\n");
    const report = await withTenant(t.db, b.tenantId, (tx) => importDistributorsCsv(tx, ADMIN, csv));
    const keys = report.results.map((r) => r.issues?.map((i) => [i.field, i.key]));
    expect(keys).toEqual([
      [["level", "level.unknown"], ["role", "role.unknown"]],
      [["name", "name.required"], ["phone", "phone.required"]],
      [["name", "name.tooLong"], ["region", "region.tooLong"]],
      [["uplineCode", "inviter.invalid"]],
      undefined,
    ]);
    expect(report.results[0]!.issues![1]!.params).toEqual({ role: "boss" });
    expect(report.results[0]!.error).toBe(
      "No level is called “Gold” (see Settings → Levels). Unknown role “boss”: use distributor, team_lead, city_partner or employee (or 分销员, 团队长, 城市合伙人, 员工).",
    );
  });

  it("refuses a file without the required columns, creating nothing", async () => {
    const b = await createBrandFixture(t);
    expect(await outcomeOf(withTenant(t.db, b.tenantId, (tx) => importDistributorsCsv(tx, ADMIN, "foo,bar\n1,2")))).toBe("BAD_REQUEST");
  });
});

describe("import issue messages", () => {
  const enIssues = leaves(en.import.issue);
  const zhIssues = leaves(zh.import.issue);

  it("exist in both languages, naming the same values", () => {
    expect([...zhIssues.keys()].sort()).toEqual([...enIssues.keys()].sort());
    for (const [key, text] of enIssues) expect([key, placeholders(zhIssues.get(key)!)]).toEqual([key, placeholders(text)]);
  });

  it("name only values an issue of that key carries", () => {
    // A message may name its own column's cell (present whenever that issue arises) or, for
    // row.rejected, the English message; nothing else would ever be filled in.
    const named: Record<string, string> = { inviter: "uplineCode", row: "message" };
    const allowed = (key: string) => {
      const head = key.split(".")[0]!;
      return named[head] ?? head;
    };
    for (const [key, text] of enIssues) {
      for (const p of placeholders(text)) expect([key, p]).toEqual([key, allowed(key)]);
    }
    expect(issueMessageEn("phone.invalid")).toBe(en.import.issue.phone.invalid);
    expect(issueMessageEn("phone.nope")).toBeUndefined();
  });
});
