import { expect, test } from "@playwright/test";
import { DEMO } from "../support/helpers";

test("console and portal pages carry a nonce CSP that forbids framing, and still work under it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ["/signin", `/d/${DEMO.slug}/signin`]) {
    const res = await page.goto(path);
    const headers = res!.headers();
    expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
  // Hydrated under the policy: the language switcher (a client component) works.
  await page.goto("/signin");
  await page.getByTestId("locale-switcher").selectOption("en");
  await expect(page.getByTestId("signin-submit")).toHaveText(/Sign in/i);
  await page.getByTestId("locale-switcher").selectOption("zh-CN");
  expect(violations).toEqual([]);
});
