import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const DEMO = { slug: "hoobang", email: "owner@hoobang.demo", password: "hoobang-demo-2026" };

let seq = 0;
/** A mainland mobile number unique to this run and call. */
export function freshPhone() {
  seq += 1;
  const stamp = String(Date.now() % 1_000_000).padStart(6, "0");
  // 166: a prefix the demo seed never uses, so a test never signs in as a demo distributor.
  return `166${stamp}${String(seq).padStart(2, "0")}`;
}

export function uniqueSuffix() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** The latest SMS code the dev outbox holds for `phone` (test deployments only). */
export async function latestCode(request: APIRequestContext, phone: string) {
  let code = "";
  await expect
    .poll(async () => {
      const res = await request.get(`/api/dev/sms?phone=${phone}`);
      if (!res.ok()) return "";
      code = ((await res.json()) as { code: string }).code;
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}

/** Fills the portal's phone + SMS code form on the current page and submits it. */
export async function portalSignIn(page: Page, phone: string) {
  await page.getByTestId("phone-input").fill(phone);
  await page.getByTestId("send-code").click();
  await expect(page.getByTestId("code-sent")).toBeVisible();
  await page.getByTestId("code-input").fill(await latestCode(page.request, phone));
  await page.getByTestId("consent-signIn").check();
  await page.getByTestId("sign-in-submit").click();
}

export async function consoleSignIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-password").fill(password);
  await page.getByTestId("signin-submit").click();
  // Sign-up signs in (a password hash and a few writes): generous on a loaded CI machine.
  await expect(page).toHaveURL(/\/console/, { timeout: 30_000 });
}

/** A desktop browser context for brand staff, separate from the test's own (mobile) one. */
export async function staffPage(browser: Browser, baseURL: string | undefined) {
  const ctx = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
  return ctx.newPage();
}

/** Fills the portal's application form (accepting the distributor agreement) and submits it. */
export async function portalApply(page: Page, name: string) {
  await page.getByTestId("apply-name").fill(name);
  await page.getByTestId("apply-region").fill("杭州");
  await page.getByTestId("apply-note").fill("e2e");
  await page.getByTestId("consent-apply").check();
  await page.getByTestId("apply-submit").click();
  await expect(page.getByTestId("apply-status")).toHaveAttribute("data-status", "applied");
}

/** On a staff page signed in to the brand: approve the application of `name`, then close it. */
export async function approveApplication(admin: Page, name: string) {
  await admin.goto("/console/distributors");
  await admin.getByTestId("distributors-filter-q").fill(name);
  await admin.getByTestId("distributors-filter-q").press("Enter");
  const row = admin.getByTestId(/^distributor-row-/).filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name }).click();
  await admin.getByTestId("detail-approve").click();
  await expect(admin.getByTestId("detail-profile")).toContainText(/已启用|正常|active/i);
  await admin.context().close();
}

/** On a fresh page: signs up a brand with an owner (password owner-pass-2026) and lands in its console. */
export async function signUpBrand(page: Page, brand: { name: string; slug: string; email: string }) {
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(brand.name);
  await page.getByTestId("signup-slug").fill(brand.slug);
  await page.getByTestId("signup-owner-name").fill("E2E Owner");
  await page.getByTestId("signup-email").fill(brand.email);
  await page.getByTestId("signup-password").fill("owner-pass-2026");
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/console/, { timeout: 30_000 });
}

/**
 * On a fresh staff page: signs up a brand, makes a one-rule program (`ratePercent` on tier 1)
 * and an API key; returns the key's headers and the page's request context for the public API.
 */
export async function brandWithApi(staff: Page, slug: string, suffix: string, ratePercent = 10) {
  await signUpBrand(staff, { name: `品牌 ${suffix}`, slug, email: `owner-${suffix}@${slug}.test` });

  await staff.goto("/console/rules");
  await staff.getByTestId("rule-new").click();
  await staff.getByTestId("rule-name").fill(`全场 ${ratePercent}%`);
  await staff.getByTestId("rule-tier-1-value").fill(String(ratePercent));
  await staff.getByTestId("rule-submit").click();
  await expect(staff.getByTestId("rule-current-version")).toHaveText("v1");

  await staff.goto("/console/settings/api-keys");
  await staff.getByTestId("api-key-name").fill("OMS");
  await staff.getByTestId("api-key-create").click();
  const secret = (await staff.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  return { auth: { authorization: `Bearer ${secret}` }, api: staff.request };
}
