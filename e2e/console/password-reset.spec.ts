import { expect, test } from "@playwright/test";
import { consoleSignIn, uniqueSuffix } from "../support/helpers";

/** The newest mail to `to` in the dev outbox page, polled until it arrives. */
async function mailLink(page: import("@playwright/test").Page, to: string, subject: RegExp) {
  let link = "";
  await expect
    .poll(async () => {
      await page.goto("/dev/mail");
      const mail = page.locator(`[data-testid="dev-mail-message"][data-to="${to}"]`).filter({ hasText: subject }).first();
      if (!(await mail.count())) return "";
      link = /https?:\/\/\S+/.exec((await mail.getByTestId("dev-mail-body").textContent()) ?? "")?.[0] ?? "";
      return link;
    })
    .toMatch(/token=/);
  return new URL(link);
}

test("a staff member who forgot the password resets it through the emailed link, once", async ({ page, browser, baseURL }) => {
  const suffix = uniqueSuffix();
  const email = `reset-${suffix}@brand.test`;
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`Reset Brand ${suffix}`);
  await page.getByTestId("signup-slug").fill(`rst-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("Forgetful Owner");
  await page.getByTestId("signup-email").fill(email);
  await page.getByTestId("signup-password").fill("first-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/);

  // Another browser, signed out: forgot password from the sign-in page.
  const ctx = await browser.newContext({ baseURL, locale: "en-US" });
  const p2 = await ctx.newPage();
  await p2.goto("/signin");
  await p2.getByTestId("forgot-link").click();
  await expect(p2).toHaveURL(/\/forgot-password/);
  await p2.getByTestId("forgot-email").fill(email.toUpperCase());
  await p2.getByTestId("forgot-submit").click();
  await expect(p2.getByTestId("forgot-sent")).toBeVisible();

  // An unknown address gets exactly the same answer.
  await p2.goto("/forgot-password");
  await p2.getByTestId("forgot-email").fill(`nobody-${suffix}@brand.test`);
  await p2.getByTestId("forgot-submit").click();
  await expect(p2.getByTestId("forgot-sent")).toBeVisible();

  const link = await mailLink(p2, email, /reset|重置/i);
  await p2.goto(link.pathname + link.search);
  await p2.getByTestId("reset-password").fill("second-pass-2026");
  await p2.getByTestId("reset-submit").click();
  await expect(p2.getByTestId("reset-done")).toBeVisible();

  // The session signed in before the reset is over.
  await page.goto("/console");
  await expect(page).toHaveURL(/\/signin/);

  // The link works once.
  await p2.goto(link.pathname + link.search);
  await p2.getByTestId("reset-password").fill("third-pass-2026");
  await p2.getByTestId("reset-submit").click();
  await expect(p2.getByTestId("reset-error")).toBeVisible();

  // The new password signs in; the old one does not.
  await p2.goto("/signin");
  await p2.getByTestId("signin-email").fill(email);
  await p2.getByTestId("signin-password").fill("first-pass-2026");
  await p2.getByTestId("signin-submit").click();
  await expect(p2.getByTestId("signin-error")).toBeVisible();
  await consoleSignIn(p2, email, "second-pass-2026");
  await ctx.close();
});
