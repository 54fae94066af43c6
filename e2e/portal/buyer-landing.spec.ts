import { expect, test, type Browser } from "@playwright/test";
import { maskName } from "../../server/network/mask-name";
import { approveApplication, consoleSignIn, DEMO, freshPhone, portalSignIn, staffPage, uniqueSuffix, portalApply } from "../support/helpers";

/** The brand owner's console, signed in. */
async function ownerConsole(browser: Browser, baseURL: string | undefined) {
  const admin = await staffPage(browser, baseURL);
  await consoleSignIn(admin, DEMO.email, DEMO.password);
  return admin;
}

test("a buyer opening a distributor's product link sees the product and buy buttons carrying the referral; signing in to bind stays optional", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const name = `推荐人${suffix}`;
  const sku = `E2E-${suffix}`.toUpperCase();
  const productName = `Buyer landing tea ${suffix}`;

  // The brand adds a product with its JD and Tmall item pages.
  const admin = await ownerConsole(browser, baseURL);
  await admin.goto("/console/promotion/products");
  await admin.getByTestId("product-new").click();
  await admin.getByTestId("product-name").fill(productName);
  await admin.getByTestId("product-sku").fill(sku);
  await admin.getByTestId("product-price").fill("168.00");
  // A link on the wrong host is refused with a field message, and nothing is saved.
  await admin.getByTestId("product-buy-jd").fill("https://evil.example/item.jd.com/1.html");
  await admin.getByTestId("product-submit").click();
  await expect(admin.getByTestId("product-form")).toContainText(/item\.jd\.com/);
  await admin.getByTestId("product-buy-jd").fill("https://item.jd.com/100012043978.html");
  await admin.getByTestId("product-buy-tmall").fill("https://detail.tmall.com/item.htm?id=42&spm=a1z10");
  await admin.getByTestId("product-submit").click();
  await expect(admin.getByTestId(`product-row-${sku}`)).toBeVisible();

  // A distributor applies, is approved, and makes the product's link.
  await page.goto(`/d/${DEMO.slug}/apply`);
  await portalSignIn(page, freshPhone());
  await portalApply(page, name);
  await approveApplication(admin, name);

  await page.goto(`/d/${DEMO.slug}/promote`);
  const select = page.getByTestId("promote-product-select");
  const option = select.locator("option", { hasText: productName });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute("value")) ?? "");
  await expect(page.getByTestId("promote-link")).toContainText("/s/");
  const shortLink = (await page.getByTestId("promote-link").textContent())?.trim() ?? "";

  // A buyer follows it on their phone: the product, the recommender (masked) and the buttons.
  const buyerCtx = await browser.newContext({ ...test.info().project.use, baseURL });
  const buyer = await buyerCtx.newPage();
  await buyer.goto(new URL(shortLink).pathname);
  await expect(buyer).toHaveURL(new RegExp(`/d/${DEMO.slug}/join\\?ref=[A-Z0-9]+&sku=`));
  const code = new URL(buyer.url()).searchParams.get("ref")!;
  await expect(buyer.getByTestId("landing-product-name")).toHaveText(productName);
  await expect(buyer.getByTestId("landing-product-price")).toContainText("168");
  await expect(buyer.getByTestId("join-inviter")).toContainText(maskName(name));
  await expect(buyer.locator("body")).not.toContainText(name);
  await expect(buyer.locator("body")).not.toContainText(/会员权益|member benefits|分销员中心/);
  await expect(buyer.getByTestId("buy-jd")).toHaveAttribute("href", `https://item.jd.com/100012043978.html?fx_ref=${code}`);
  await expect(buyer.getByTestId("buy-tmall")).toHaveAttribute("href", `https://detail.tmall.com/item.htm?id=42&spm=a1z10&fx_ref=${code}`);

  // Binding is still there, below the buttons, for whoever wants it.
  await portalSignIn(buyer, freshPhone());
  await expect(buyer.getByTestId("join-done")).toBeVisible();
  await buyerCtx.close();
});
