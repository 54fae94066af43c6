import { defineConfig, devices } from "@playwright/test";

// e2e drives the production build (`npm start`) as a test deployment on a throwaway embedded
// database: the directory is wiped before the server starts, so every run begins empty.
const PORT = 3100;
const baseURL = `http://localhost:${PORT}`;
const PGLITE_DIR = ".data/e2e";
const isCI = !!process.env.CI;

const chromium = {
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One embedded PGlite behind one server process, on a small machine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  reporter: "list",
  use: {
    baseURL,
    trace: "on-first-retry",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  },
  projects: [
    {
      name: "console",
      testMatch: /console\/.*\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions: chromium },
    },
    {
      name: "portal",
      testMatch: /portal\/.*\.spec\.ts/,
      use: { ...devices["Pixel 7"], launchOptions: chromium },
    },
  ],
  webServer: {
    command: `rm -rf ${PGLITE_DIR} && npm run start -- -p ${PORT}`,
    url: baseURL,
    // Never reuse a server: its database would not be empty.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      // A production build as a test deployment: both variables, or the server refuses to start
      // (server/env-policy.ts). It logs a loud banner: dev SMS outbox, /dev/sms, demo brand.
      FENXIAO_ENV: "test",
      FENXIAO_ALLOW_TEST_FEATURES: "1",
      // Embedded database even if the shell has DATABASE_URL set.
      DATABASE_URL: "",
      PGLITE_DIR,
      AUTH_SECRET: "e2e-auth-secret-not-for-production-0123456789",
      FENXIAO_HASH_KEY: "e2e-hash-key-not-for-production-0123456789ab",
      // No APP_URL, on a port other than 3000: links, QR codes and posters must follow the host
      // the app is really served on (e2e/portal/links-port.spec.ts checks every one).
      AUTH_URL: baseURL,
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      // Every spec signs up a brand from the same address (and retries sign up again).
      SIGNUP_HOURLY_LIMIT_PER_IP: "1000",
      // Every spec signs in from 127.0.0.1 (the suite passes 30 in 15 minutes); the wrong-password
      // spec checks the per-account-and-address limit, which stays as it is.
      SIGNIN_LIMIT_PER_IP: "1000",
      // No periodic sweep behind the specs' backs: they settle from the console's "run" and
      // check what it reports, and a tick (every 60 s by default) landing between an order's
      // completion and that click left nothing due for it (a flaky settlement spec).
      SETTLEMENT_SWEEP_SECONDS: "0",
      // The webhooks spec's receiver listens on 127.0.0.1 (refused outside development and tests).
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "1",
    },
  },
});
