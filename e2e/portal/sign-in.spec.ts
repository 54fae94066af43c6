import { expect, test } from "@playwright/test";
import { DEMO, freshPhone, portalSignIn } from "../support/helpers";

test("a distributor signs in to the portal by phone code on a phone", async ({ page }) => {
  const phone = freshPhone();
  await page.goto(`/d/${DEMO.slug}`);
  await expect(page).toHaveURL(new RegExp(`/d/${DEMO.slug}/signin`));
  await portalSignIn(page, phone);
  await expect(page.getByTestId("portal-home")).toBeVisible();
  await expect(page.getByTestId("portal-phone")).toHaveText(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  // Signing out returns to the sign-in page.
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/signin/);
});
