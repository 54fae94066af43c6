import { expect, test } from "@playwright/test";
import { consoleSignIn, DEMO, uniqueSuffix } from "../support/helpers";

test("someone who already has a login accepts an invitation by signing in, never by typing a password into it", async ({ page, browser, baseURL }) => {
  const suffix = uniqueSuffix();
  const brandName = `Invite Brand ${suffix}`;

  // A second brand signs up and invites the demo brand's owner as an admin.
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(brandName);
  await page.getByTestId("signup-slug").fill(`inv-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("Inviting Owner");
  await page.getByTestId("signup-email").fill(`owner-${suffix}@brand.test`);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/);
  await page.goto("/console/settings/staff");
  await page.getByTestId("invite-email").fill(DEMO.email);
  await page.getByTestId("invite-role").selectOption("admin");
  await page.getByTestId("invite-submit").click();
  const link = new URL((await page.getByTestId("invite-link").textContent())!.trim()).pathname;

  // Signed out, the page offers a new login or signing in, and says nothing about the email.
  const invitee = await browser.newContext({ baseURL });
  const p2 = await invitee.newPage();
  await p2.goto(link);
  await expect(p2.getByTestId("invite-details")).toContainText(DEMO.email);
  await expect(p2.getByTestId("accept-password")).toHaveAttribute("autocomplete", "new-password");
  // Creating a login for an email that has one is refused, and changes nothing.
  await p2.getByTestId("accept-name").fill("Not Me");
  await p2.getByTestId("accept-password").fill("another-pass-2026");
  await p2.getByTestId("accept-submit").click();
  await expect(p2.getByTestId("accept-error")).toContainText(/已注册|already exists/);

  // Sign in as themselves, come back to the invitation, accept with one click.
  await p2.getByTestId("accept-sign-in").click();
  await expect(p2).toHaveURL(/\/signin\?next=/);
  await p2.getByTestId("signin-email").fill(DEMO.email);
  await p2.getByTestId("signin-password").fill(DEMO.password);
  await p2.getByTestId("signin-submit").click();
  await expect(p2).toHaveURL(new RegExp(`${link}$`));
  await p2.getByTestId("accept-signed-in").click();
  await expect(p2).toHaveURL(/\/console/);
  await expect(p2.getByTestId("brand-switcher")).toContainText(brandName);
  await invitee.close();

  // The demo password still signs in to the demo owner's account (nothing was changed).
  const again = await browser.newContext({ baseURL });
  const p3 = await again.newPage();
  await consoleSignIn(p3, DEMO.email, DEMO.password);
  await again.close();
});
