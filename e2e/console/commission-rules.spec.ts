import { expect, test, type Page } from "@playwright/test";
import { uniqueSuffix } from "../support/helpers";

/** A fresh brand (no rules yet), signed in as its owner. */
async function signUp(page: Page) {
  const suffix = uniqueSuffix();
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`Rules Brand ${suffix}`);
  await page.getByTestId("signup-slug").fill(`rules-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("规则管理员");
  await page.getByTestId("signup-email").fill(`owner-${suffix}@rules.test`);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/);
}

test("create a rule, edit it into version 2, and simulate an order against it", async ({
  page,
}) => {
  await signUp(page);

  // The workbench links to the rules; a brand without rules is told what to do.
  await page.getByRole("link", { name: "佣金规则" }).click();
  await expect(page).toHaveURL(/\/console\/rules$/);
  await expect(page.getByTestId("rules-empty")).toBeVisible();

  // Create: tier 1 at 8.2%, tier 2 a fixed ¥0.50 per unit.
  await page.getByTestId("rule-new").click();
  await page.getByTestId("rule-name").fill("双11 茶叶");
  await page.getByTestId("rule-tier-1-value").fill("8.2");
  await page.getByTestId("rule-tier-2-mode").selectOption("fixed");
  await page.getByTestId("rule-tier-2-value").fill("0.50");
  await page.getByTestId("rule-submit").click();
  await expect(page.getByTestId("rule-title")).toHaveText("双11 茶叶");
  await expect(page.getByTestId("rule-current-version")).toHaveText("v1");
  await expect(page.getByTestId("rule-tiers")).toContainText("8.2%");

  // A bad rate is refused on its field, and nothing is saved.
  await page.getByTestId("rule-edit").click();
  await expect(page.getByTestId("rule-new-version-notice")).toContainText("第 2 版");
  await page.getByTestId("rule-tier-1-value").fill("8.255");
  await page.getByTestId("rule-submit").click();
  await expect(page.locator("#rule-tier-1-value-error")).toBeVisible();

  // Edit: a new version, tier 1 now 10%.
  await page.getByTestId("rule-tier-1-value").fill("10");
  await page.getByTestId("rule-submit").click();
  await expect(page.getByTestId("rule-current-version")).toHaveText("v2");
  const history = page.getByTestId("rule-history-row");
  await expect(history).toHaveCount(2);
  await expect(history.first()).toHaveAttribute("data-version", "2");
  await expect(history.first().getByTestId("rule-history-change")).toHaveAttribute(
    "data-field",
    "tiers",
  );
  await expect(history.first()).toContainText("规则管理员");

  // The list shows the rule at version 2.
  await page.goto("/console/rules");
  const row = page.locator('[data-testid="rule-row"][data-name="双11 茶叶"]');
  await expect(row.getByTestId("rule-version")).toHaveText("v2");

  // Simulate ¥100 of tea for a three-tier chain: the brand pays two levels (the default).
  await page.getByTestId("rules-simulate").click();
  await page.getByTestId("sim-sku-0").fill("TEA-1");
  await page.getByTestId("sim-amount-0").fill("100");
  await page.getByTestId("sim-run").click();
  const result = page.getByTestId("sim-result");
  await expect(result.getByTestId("sim-tier-1-amount")).toHaveText(/10\.00/);
  await expect(result.getByTestId("sim-tier-1-trace")).toHaveText(
    "¥10.00 = ¥100.00 × 10%，规则「双11 茶叶」v2，第 1 级",
  );
  await expect(result.getByTestId("sim-tier-2-amount")).toHaveText(/0\.50/);
  await expect(result.getByTestId("sim-tier-3-trace")).toContainText("超出方案佣金层级");
  // Why: the rule applies to tier 1 and has nothing for tier 3.
  await result.getByTestId("sim-why-1").locator("summary").click();
  await expect(result.getByTestId("sim-why-1").getByTestId("sim-explanation")).toHaveAttribute(
    "data-outcome",
    "primary",
  );
  await result.getByTestId("sim-why-3").locator("summary").click();
  await expect(result.getByTestId("sim-why-3")).toContainText("未设置这一级");

  // Disabled, the rule no longer pays.
  await page.goto("/console/rules");
  await row.getByRole("link").click();
  await page.getByTestId("rule-disable").click();
  await page.getByTestId("rule-enabled-confirm").click();
  await expect(page.getByTestId("rule-enable")).toBeVisible();
  await page.goto("/console/rules/simulate");
  await page.getByTestId("sim-sku-0").fill("TEA-1");
  await page.getByTestId("sim-amount-0").fill("100");
  await page.getByTestId("sim-run").click();
  await expect(page.getByTestId("sim-result").getByTestId("sim-tier-1-amount")).toHaveText(/0\.00/);
});
