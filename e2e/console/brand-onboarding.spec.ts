import { expect, test } from "@playwright/test";
import { consoleSignIn, uniqueSuffix } from "../support/helpers";

test("a new brand signs up, creates an API key, invites an operator who joins with that role", async ({ page, browser, baseURL }) => {
  const suffix = uniqueSuffix();
  const owner = { email: `owner-${suffix}@brand.test`, password: "owner-pass-2026" };

  // Sign up.
  await page.goto("/signup");
  await page.getByTestId("signup-brand-name").fill(`E2E Brand ${suffix}`);
  await page.getByTestId("signup-slug").fill(`e2e-${suffix}`);
  await page.getByTestId("signup-owner-name").fill("E2E Owner");
  await page.getByTestId("signup-email").fill(owner.email);
  await page.getByTestId("signup-password").fill(owner.password);
  await page.getByTestId("signup-terms").check();
  await page.getByTestId("signup-submit").click();

  // Lands in the console with the onboarding checklist, nothing done yet.
  // Sign-up signs in (a password hash and a few writes): generous on a loaded CI machine.
  await expect(page).toHaveURL(/\/console/, { timeout: 30_000 });
  const checklist = page.getByTestId("onboarding-checklist");
  await expect(checklist).toBeVisible();
  await expect(page.getByTestId("onboarding-step-apiKey")).toHaveAttribute("data-done", "false");

  // Create an API key: shown once, and it authenticates the public API.
  await page.goto("/console/settings/api-keys");
  await page.getByTestId("api-key-name").fill("ERP");
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^fx_[a-z0-9]{12}_/);
  const me = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { brand: { name: string } }).brand.name).toBe(`E2E Brand ${suffix}`);
  await page.goto("/console");
  await expect(page.getByTestId("onboarding-step-apiKey")).toHaveAttribute("data-done", "true");

  // The program form's self-purchase choice is the one the API reports, and the API's change
  // shows in the form.
  const auth = { authorization: `Bearer ${secret}` };
  await page.goto("/console/settings/program");
  await expect(page.getByTestId("program-self-purchase-block")).toBeChecked();
  await page.getByTestId("program-self-purchase-allow").check();
  await page.getByTestId("program-save").click();
  await expect(page.getByTestId("program-save-status")).not.toBeEmpty();
  const program = await page.request.get("/api/v1/program", { headers: auth });
  expect(await program.json()).toMatchObject({ selfPurchase: "allow", commissionLevels: 2 });
  const patched = await page.request.patch("/api/v1/program", { headers: auth, data: { selfPurchase: "block" } });
  expect(patched.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("program-self-purchase-block")).toBeChecked();

  // Invite an operator by link.
  await page.goto("/console/settings/staff");
  const operatorEmail = `op-${suffix}@brand.test`;
  await page.getByTestId("invite-email").fill(operatorEmail);
  await page.getByTestId("invite-role").selectOption("operator");
  await page.getByTestId("invite-submit").click();
  const link = (await page.getByTestId("invite-link").textContent())?.trim() ?? "";
  expect(link).toContain("/invite/");

  // Sign out: the old session cookie no longer works anywhere.
  const oldCookies = await page.context().cookies();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin/);
  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(oldCookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/console");
  await expect(replayPage).toHaveURL(/\/signin/);
  await replay.close();

  // The operator accepts the invitation and signs in with the operator role.
  const invitee = await browser.newContext({ baseURL });
  const p2 = await invitee.newPage();
  await p2.goto(new URL(link).pathname);
  await p2.getByTestId("accept-name").fill("E2E Operator");
  await p2.getByTestId("accept-password").fill("operator-pass-2026");
  await p2.getByTestId("accept-submit").click();
  await expect(p2).toHaveURL(/\/console/, { timeout: 30_000 });
  await p2.getByTestId("sign-out").click();
  await consoleSignIn(p2, operatorEmail, "operator-pass-2026");
  // Operators may not manage staff or API keys.
  await p2.goto("/console/settings/api-keys");
  await expect(p2.getByTestId("no-permission")).toBeVisible();
  await p2.goto("/console/settings/staff");
  await expect(p2.getByTestId("no-permission")).toBeVisible();
  await invitee.close();

  // The owner sees the operator on the team with that role.
  await consoleSignIn(page, owner.email, owner.password);
  await page.goto("/console/settings/staff");
  await expect(page.getByTestId(`staff-row-${operatorEmail}`)).toContainText(/operator|运营/i);
});

test("language switch changes every label and persists", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("signin-submit")).toHaveText(/登录/);
  await page.getByTestId("locale-switcher").selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("signin-submit")).toHaveText(/Sign in/i);
  await page.goto("/signup");
  await expect(page.getByTestId("signup-submit")).not.toHaveText(/注册/);
  await page.getByTestId("locale-switcher").selectOption("zh-CN");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("wrong password is refused with a clear message, and repeated failures are throttled", async ({ page }) => {
  const email = `nobody-${uniqueSuffix()}@brand.test`;
  await page.goto("/signin");
  // Each attempt waits for the server action's answer, so exactly N attempts reach the server.
  const attempt = async () => {
    await page.getByTestId("signin-email").fill(email);
    await page.getByTestId("signin-password").fill("wrong-password-1");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signin"),
      page.getByTestId("signin-submit").click(),
    ]);
    // React resets the form once the action's answer is rendered; typing before that is wiped.
    await expect(page.getByTestId("signin-password")).toHaveValue("");
    await expect(page.getByTestId("signin-submit")).toBeEnabled();
    return (await page.getByTestId("signin-error").textContent()) ?? "";
  };
  for (let i = 0; i < 5; i++) expect(await attempt()).toMatch(/不正确|incorrect/i);
  expect(await attempt()).toMatch(/过多|Too many/i);
});
