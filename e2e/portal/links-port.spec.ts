import { expect, test } from "@playwright/test";
import { decodeQrPng, decodeQrSvg } from "../../server/promotion/testing-images";
import { approveApplication, consoleSignIn, DEMO, freshPhone, portalSignIn, staffPage, uniqueSuffix, portalApply } from "../support/helpers";

/**
 * The suite's server runs on a non-default port without APP_URL (playwright.config.ts), as a
 * newcomer's `npm run dev -- -p 3950` does: every absolute link the app prints or encodes must
 * name the port the app is really on, never localhost:3000.
 */
test("on a non-default port without APP_URL, every link, QR code and poster QR names that port", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  expect(new URL(origin).port).not.toBe("3000");
  const suffix = uniqueSuffix();

  // Console: a new brand's "open portal" link and a staff invitation link.
  const staff = await staffPage(browser, baseURL);
  await staff.goto("/signup");
  await staff.getByTestId("signup-brand-name").fill(`Port Brand ${suffix}`);
  await staff.getByTestId("signup-slug").fill(`port-${suffix}`);
  await staff.getByTestId("signup-owner-name").fill("Port Owner");
  await staff.getByTestId("signup-email").fill(`owner-${suffix}@brand.test`);
  await staff.getByTestId("signup-password").fill("owner-pass-2026");
  await staff.getByTestId("signup-terms").check();
  await staff.getByTestId("signup-submit").click();
  await expect(staff).toHaveURL(/\/console/);
  await expect(staff.getByTestId("portal-link")).toHaveText(`${origin}/d/port-${suffix}`);
  await staff.goto("/console/settings/staff");
  await staff.getByTestId("invite-email").fill(`staff-${suffix}@brand.test`);
  await staff.getByTestId("invite-submit").click();
  await expect(staff.getByTestId("invite-link")).toHaveText(new RegExp(`^${origin}/invite/port-${suffix}/`));
  await staff.context().close();

  // Portal: a distributor of the demo brand applies and is approved.
  const name = `端口${suffix}`;
  await page.goto(`/d/${DEMO.slug}/apply`);
  await portalSignIn(page, freshPhone());
  await portalApply(page, name);
  const admin = await staffPage(browser, baseURL);
  await consoleSignIn(admin, DEMO.email, DEMO.password);
  await approveApplication(admin, name);

  // The invite link on the portal home.
  await page.goto(`/d/${DEMO.slug}`);
  await expect(page.getByTestId("portal-invite-link")).toHaveValue(new RegExp(`^${origin}/d/${DEMO.slug}/apply\\?inviter=`));

  // Promote: the short link, the QR code shown (SVG), the QR code to download (PNG), the poster.
  await page.goto(`/d/${DEMO.slug}/promote`);
  await expect(page.getByTestId("promote-link")).toHaveText(new RegExp(`^${origin}/s/[A-Za-z0-9]+$`));
  const shortLink = (await page.getByTestId("promote-link").textContent())!.trim();
  const qrSvg = await page.request.get((await page.getByTestId("promote-qr").getAttribute("src"))!);
  expect(await decodeQrSvg(await qrSvg.text())).toBe(`${shortLink}?via=qr`);
  const qrPng = await page.request.get((await page.getByRole("link", { name: /保存二维码|Save QR code/ }).getAttribute("href"))!);
  expect(decodeQrPng(await qrPng.body())).toBe(`${shortLink}?via=qr`);
  const poster = await page.request.get((await page.getByTestId("promote-poster").getAttribute("src"))!);
  expect(poster.status()).toBe(200);
  expect(decodeQrPng(await poster.body())).toBe(`${shortLink}?via=poster`);

  // And the link works where it says it is.
  const buyer = await browser.newContext({ ...test.info().project.use });
  const visit = await buyer.newPage();
  await visit.goto(shortLink);
  await expect(visit).toHaveURL(new RegExp(`^${origin}/d/${DEMO.slug}/join`));
  await buyer.close();
});
