import { generateKeyPairSync } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startFakeFlexible } from "../../server/payouts/providers/fake/flexible";
import { uniqueSuffix } from "../support/helpers";

async function signUpBrand(page: Page, suffix: string) {
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`通道 ${suffix}`);
  await page.getByTestId("signup-slug").fill(`gw-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("E2E Owner");
  await page.getByTestId("signup-email").fill(`owner-${suffix}@gw-${suffix}.test`);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  // Sign-up signs in (a password hash and a few writes): generous on a loaded CI machine.
  await expect(page).toHaveURL(/\/console/, { timeout: 30_000 });
}

/** Fills the WeChat form with well-formed values, a real key pair, and an API v3 key that is too short. */
async function fillWechatWithShortApiV3Key(page: Page) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  await page.getByTestId("gateway-edit-wechat").click();
  await page.getByTestId("gateway-wechat-mchid").fill("1900000109");
  await page.getByTestId("gateway-wechat-appid").fill("wx8888888888888888");
  await page.getByTestId("gateway-wechat-merchantSerial").fill("3775B6A45ACD588826D15E583A95F5DD");
  await page
    .getByTestId("gateway-wechat-publicKeyId")
    .fill("PUB_KEY_ID_0114232134912410000000000000");
  await page.getByTestId("gateway-wechat-privateKey").fill(privateKey);
  await page.getByTestId("gateway-wechat-publicKey").fill(publicKey);
  await page.getByTestId("gateway-wechat-apiV3Key").fill("only-sixteen-chr");
  await page.getByTestId("gateway-wechat-save").click();
}

test("a brand saves its own flexible-employment gateway, tests it, sees a wrong secret fail, a short WeChat API v3 key refused, and removes it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  // The platform the brand signs with: a fake on 127.0.0.1 that checks every signature.
  const fake = await startFakeFlexible();
  try {
    const suffix = uniqueSuffix();
    const ctx = await browser.newContext({
      baseURL,
      viewport: { width: 1366, height: 900 },
      locale: "zh-CN",
    });
    const page = await ctx.newPage();
    await signUpBrand(page, suffix);

    await page.goto("/console/settings/withdrawals");
    await expect(page.getByTestId("payout-gateways")).toBeVisible();
    const flexible = page.getByTestId("gateway-flexible");
    // The e2e deployment has no payout credentials of its own.
    await expect(flexible).toHaveAttribute("data-source", "none");
    await expect(page.getByTestId("gateway-source-flexible")).toHaveText("未配置");
    await expect(page.getByTestId("gateway-test-flexible")).toHaveCount(0);

    // Save the platform's URL, app id and secret: own credentials, the secret shown as a hint only.
    await page.getByTestId("gateway-edit-flexible").click();
    await page.getByTestId("gateway-flexible-gatewayUrl").fill(fake.url);
    await page.getByTestId("gateway-flexible-appId").fill(fake.keys.appId);
    await page.getByTestId("gateway-flexible-secret").fill(fake.keys.secret);
    await page.getByTestId("gateway-flexible-save").click();
    await expect(page.getByTestId("gateway-dialog-flexible")).toHaveCount(0);
    await expect(flexible).toHaveAttribute("data-source", "brand");
    await expect(page.getByTestId("gateway-source-flexible")).toHaveText("品牌自有凭据");
    await expect(page.getByTestId("gateway-hint-flexible-secret")).toHaveText(
      `已设置 · ••••${fake.keys.secret.slice(-4)}`,
    );
    await expect(flexible).not.toContainText(fake.keys.secret);

    // Test connection: the platform accepts our signature (and we verify its reply).
    await page.getByTestId("gateway-test-flexible").click();
    await expect(page.getByTestId("gateway-check-flexible")).toContainText("连接成功");
    expect(
      fake.calls.some((c) => c.method === "GET" && c.path.includes("/transfers/FXCHECK")),
    ).toBe(true);

    // A wrong secret: the form keeps the other fields, says a secret is saved, and the test fails.
    await page.getByTestId("gateway-edit-flexible").click();
    await expect(page.getByTestId("gateway-flexible-appId")).toHaveValue(fake.keys.appId);
    await expect(page.getByTestId("gateway-flexible-secret")).toHaveValue("");
    await expect(page.getByTestId("gateway-dialog-flexible")).toContainText("留空则保留");
    const wrong = "wrong-secret-0123456";
    expect(wrong).toHaveLength(20);
    await page.getByTestId("gateway-flexible-secret").fill(wrong);
    await page.getByTestId("gateway-flexible-save").click();
    await expect(page.getByTestId("gateway-dialog-flexible")).toHaveCount(0);
    await expect(page.getByTestId("gateway-hint-flexible-secret")).toHaveText("已设置 · ••••3456");
    // New credentials have not been tried: the last result is gone.
    await expect(page.getByTestId("gateway-check-flexible")).toHaveCount(0);
    const rejectedBefore = fake.rejectedSignatures;
    await page.getByTestId("gateway-test-flexible").click();
    const failed = page.getByTestId("gateway-check-flexible");
    await expect(failed).toContainText("连接失败");
    await expect(failed).toContainText("signature");
    expect(fake.rejectedSignatures).toBeGreaterThan(rejectedBefore);

    // WeChat: a well-formed form whose API v3 key is not 32 characters; the server's field error
    // shows under that field, in the reader's language.
    await fillWechatWithShortApiV3Key(page);
    await expect(page.locator("#gateway-wechat-apiV3Key-error")).toHaveText(
      "APIv3 密钥必须正好 32 个字符。",
    );
    await expect(page.getByTestId("gateway-wechat-apiV3Key")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    await expect(page.getByTestId("gateway-source-wechat")).toHaveText("未配置");

    await ctx.addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
    await page.reload();
    await expect(page.getByTestId("gateway-source-flexible")).toHaveText("Own credentials");
    await fillWechatWithShortApiV3Key(page);
    await expect(page.locator("#gateway-wechat-apiV3Key-error")).toHaveText(
      "The API v3 key is exactly 32 characters.",
    );
    // A format the server refuses (the rules live there): its code lands on the field.
    await page.getByTestId("gateway-wechat-mchid").fill("abc");
    await page.getByTestId("gateway-wechat-save").click();
    await expect(page.locator("#gateway-wechat-mchid-error")).toHaveText(
      "A merchant ID is 6 to 12 digits.",
    );
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("gateway-dialog-wechat")).toHaveCount(0);

    // Removing the brand's credentials (after confirming) leaves the channel without a gateway.
    await page.getByTestId("gateway-remove-flexible").click();
    await page.getByTestId("gateway-remove-confirm-flexible").click();
    await expect(page.getByTestId("gateway-source-flexible")).toHaveText("Not configured");
    await expect(page.getByTestId("gateway-test-flexible")).toHaveCount(0);
    await expect(page.getByTestId("gateway-check-flexible")).toHaveCount(0);
    await ctx.close();
  } finally {
    await fake.close();
  }
});
