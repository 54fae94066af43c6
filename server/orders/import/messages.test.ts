/**
 * The imports catalogue: zh-CN and en have the same keys with the same placeholders, and every
 * issue key the import can produce has a message in both.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/server/i18n/messages/en/imports.json";
import zh from "@/server/i18n/messages/zh-CN/imports.json";
import { issueMessage } from "./issues";
import { LAYOUTS } from "./layouts";

function leaves(node: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Issue keys written literally in the import's code, plus the ones it builds from result keys. */
function keysInCode(): string[] {
  const dir = import.meta.dirname;
  const code = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .join("\n");
  const literal = [
    ...code.matchAll(
      /"((?:file|header|orderId|status|paidAt|time|completedAt|amount|quantity|sku|phone|referral|order|line|refund|afterSales)\.[a-zA-Z]+)"/g,
    ),
  ].map((m) => m[1] ?? "");
  // `orderId.${r.key}` (order-id.ts) and the amount keys of money.ts's FenResult.
  const built = [
    "orderId.missing",
    "orderId.invalid",
    "orderId.scientific",
    "orderId.precisionLost",
  ];
  return [...new Set([...literal, ...built])].sort();
}

describe("imports messages", () => {
  const zhLeaves = leaves(zh);
  const enLeaves = leaves(en);

  it("have the same keys and placeholders in zh-CN and en", () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
    for (const [key, text] of enLeaves)
      expect(placeholders(zhLeaves.get(key) ?? ""), key).toEqual(placeholders(text));
  });

  it("have a message for every issue key the import produces", () => {
    const keys = keysInCode();
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) expect(enLeaves.has(`issue.${key}`), key).toBe(true);
  });

  it("name every layout", () => {
    for (const l of LAYOUTS)
      expect(enLeaves.has(`layout.${l.id}`) && zhLeaves.has(`layout.${l.id}`), l.id).toBe(true);
  });

  it("render in either language, with the layout by name", () => {
    const params = { layout: "pdd-orders", headers: "订单状态" };
    expect(issueMessage("header.missing", params, "zh-CN")).toBe(
      "文件看起来是拼多多订单导出，但缺少列：订单状态。请导出包含这些列的报表，或保存列映射。",
    );
    expect(issueMessage("header.missing", params)).toBe(
      "The file looks like the Pinduoduo order export but lacks the column(s): 订单状态. Export the report with these columns, or save a column mapping.",
    );
    expect(issueMessage("no.such", {})).toBe("no.such");
  });
});
