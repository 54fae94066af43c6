import { expect, test, type Browser } from "@playwright/test";
import { maskName } from "../../server/network/mask-name";
import { approveApplication, consoleSignIn, DEMO, freshPhone, portalSignIn, staffPage, uniqueSuffix, portalApply } from "../support/helpers";

/** The brand owner approves the application of the person named `name` from the console. */
async function approveInConsole(browser: Browser, baseURL: string | undefined, name: string) {
  const admin = await staffPage(browser, baseURL);
  await consoleSignIn(admin, DEMO.email, DEMO.password);
  await approveApplication(admin, name);
}


test("a distributor invites a second one, the admin approves, the second shares a poster, and a buyer's click binds them", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const first = `邀请人${suffix}`;
  const second = `新人${suffix}`;

  // The first distributor applies and is approved.
  await page.goto(`/d/${DEMO.slug}/apply`);
  await portalSignIn(page, freshPhone());
  await portalApply(page, first);
  await approveInConsole(browser, baseURL, first);
  await page.goto(`/d/${DEMO.slug}`);
  // The link is built with the page's origin once the page has hydrated.
  await expect(page.getByTestId("portal-invite-link")).toHaveValue(new RegExp(`/d/${DEMO.slug}/apply\\?inviter=`));
  const inviteLink = await page.getByTestId("portal-invite-link").inputValue();

  // The second opens the invite link on their own phone, signs in and applies under the first.
  const secondCtx = await browser.newContext({ ...test.info().project.use, baseURL });
  const p2 = await secondCtx.newPage();
  await p2.goto(new URL(inviteLink).pathname + new URL(inviteLink).search);
  await portalSignIn(p2, freshPhone());
  // Other people's names are masked in the portal (the inviter is shown before sign-in).
  await expect(p2.getByTestId("apply-inviter")).toContainText(maskName(first));
  await expect(p2.getByTestId("apply-inviter")).not.toContainText(first);
  await portalApply(p2, second);
  await approveInConsole(browser, baseURL, second);

  // Approved: the second's upline is the first, and the Promote page has a link, QR and poster.
  await p2.goto(`/d/${DEMO.slug}`);
  await expect(p2.getByTestId("portal-upline")).toContainText(maskName(first));
  await p2.goto(`/d/${DEMO.slug}/promote`);
  await expect(p2.getByTestId("promote-link")).toHaveText(/\/s\/[A-Za-z0-9]+/);
  const shortLink = (await p2.getByTestId("promote-link").textContent())?.trim() ?? "";
  const posterSrc = await p2.getByTestId("promote-poster").getAttribute("src");
  const poster = await p2.request.get(posterSrc!);
  expect(poster.status()).toBe(200);
  expect(poster.headers()["content-type"]).toBe("image/png");
  expect((await poster.body()).subarray(1, 4).toString()).toBe("PNG");

  // A buyer follows the short link on a phone, lands on the brand's page and signs in: bound.
  const buyerCtx = await browser.newContext({ ...test.info().project.use, baseURL });
  const buyer = await buyerCtx.newPage();
  await buyer.goto(new URL(shortLink).pathname);
  await expect(buyer).toHaveURL(new RegExp(`/d/${DEMO.slug}/join`));
  await expect(buyer.getByTestId("join-inviter")).toContainText(maskName(second));
  await expect(buyer.locator("body")).not.toContainText(second);
  const buyerPhone = freshPhone();
  await portalSignIn(buyer, buyerPhone);
  await expect(buyer.getByTestId("join-done")).toBeVisible();

  // The second distributor sees the buyer among their customers, masked, bound through the link.
  await p2.goto(`/d/${DEMO.slug}/customers`);
  const customer = p2.getByTestId("customer-row").filter({ hasText: `${buyerPhone.slice(0, 3)}****${buyerPhone.slice(-4)}` });
  await expect(customer).toHaveCount(1);
  await expect(p2.locator("body")).not.toContainText(buyerPhone);

  // And the first sees the second in My Team.
  await page.goto(`/d/${DEMO.slug}/team`);
  await expect(page.getByTestId("team-levels")).toBeVisible();
  await expect(page.locator("body")).toContainText(maskName(second));
  await expect(page.locator("body")).not.toContainText(second);
  await secondCtx.close();
  await buyerCtx.close();
});
