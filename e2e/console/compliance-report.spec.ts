import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { freshPhone, uniqueSuffix } from "../support/helpers";

/** Today on the brand's clock (Asia/Shanghai, UTC+8 all year), "YYYY-MM-DD". */
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

test("a compliance report previews the period's figures and downloads as PDF and CSV with the same fingerprint", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();

  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`合规品牌 ${suffix}`);
  await page.getByTestId("signup-slug").fill(`comply-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("E2E Owner");
  await page.getByTestId("signup-email").fill(`owner-${suffix}@comply.test`);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/);

  // A program, a rule, a distributor and one order through the public API.
  await page.goto("/console/settings/api-keys");
  await page.getByTestId("api-key-name").fill("OMS");
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  const auth = { authorization: `Bearer ${secret}` };
  expect((await page.request.patch("/api/v1/program", { headers: auth, data: { commissionLevels: 2 } })).status()).toBe(200);
  const rule = await page.request.post("/api/v1/commission-rules", { headers: auth, data: { name: "全场 10%", match: {}, tiers: [{ tier: 1, rateBp: 1000 }] } });
  expect(rule.status()).toBe(201);
  const dist = await page.request.post("/api/v1/distributors", { headers: auth, data: { name: "张小分", phone: freshPhone() } });
  const { code } = (await dist.json()) as { code: string };
  const created = await page.request.post("/api/v1/orders", {
    headers: auth,
    data: {
      channel: "tmall",
      externalId: `TM${suffix}`.toUpperCase(),
      status: "paid",
      buyer: { identities: [{ kind: "phone", value: freshPhone() }] },
      referralCode: code,
      items: [{ sku: "TEA-1", quantity: 1, amountFen: 25_800 }],
      paidAt: new Date(Date.now() - 600_000).toISOString(),
    },
  });
  expect(created.status()).toBe(201);

  // The report page, from the nav, for a range that holds today.
  await page.goto("/console");
  await page.getByRole("link", { name: /合规报告|Compliance reports/ }).first().click();
  await expect(page).toHaveURL(/\/console\/compliance/);
  await page.getByTestId("compliance-kind-range").click();
  const today = shanghaiDay(new Date());
  await page.getByTestId("compliance-from").fill(shanghaiDay(new Date(Date.now() - 86_400_000)));
  await page.getByTestId("compliance-to").fill(today);
  await page.getByTestId("compliance-apply").click();
  await expect(page).toHaveURL(new RegExp(`to=${today}`));
  const figures = page.getByTestId("compliance-figures");
  await expect(figures).toContainText("25.80"); // 10% of ¥258 as the period's commission expense
  await expect(page.getByTestId("compliance-verdict")).toBeVisible();
  const fingerprint = ((await page.getByTestId("compliance-fingerprint").textContent()) ?? "").trim();
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compliance-download-pdf").click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfBytes = await readFile(await pdf.path());
  expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compliance-download-csv").click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const text = await readFile(await csv.path(), "utf8");
  expect(text).toContain(fingerprint);
  expect(text).toContain("25.80");
});
