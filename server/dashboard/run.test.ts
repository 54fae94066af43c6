/**
 * The embedded refresher's pace: every interval while folds are short, slower once they are
 * long (a sale day's today refolded whole), and nothing after stop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing/test-db";
import { DASHBOARD_REFRESH_DUTY, refreshDelayMs, startDashboardRefresher } from "./run";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("refreshDelayMs", () => {
  it("keeps the pace while a fold is short, and folds at most DASHBOARD_REFRESH_DUTY of the time once long", () => {
    expect(refreshDelayMs(15, 700)).toBe(15_000);
    expect(refreshDelayMs(15, 18_000)).toBe(162_000);
    for (const took of [2_000, 18_000, 60_000]) {
      const delay = refreshDelayMs(15, took);
      expect(took / (took + delay)).toBeCloseTo(DASHBOARD_REFRESH_DUTY, 10);
    }
  });
});

describe("startDashboardRefresher", () => {
  it("refreshes at once when asked, then at its pace; stop waits for the refresh under way and ends the loop", async () => {
    const took: number[] = [];
    const refresher = startDashboardRefresher(() => Promise.resolve(t.db), 0.05, { immediate: true, onRefresh: (ms) => took.push(ms) });
    await sleep(400);
    await refresher.stop();
    const ran = took.length;
    expect(ran).toBeGreaterThanOrEqual(2);
    await sleep(200);
    expect(took.length).toBe(ran);
  });

  it("is off at 0, and stopped before its first tick it never refreshes", async () => {
    const took: number[] = [];
    await startDashboardRefresher(() => Promise.resolve(t.db), 0, { immediate: true, onRefresh: (ms) => took.push(ms) }).stop();
    await startDashboardRefresher(() => Promise.resolve(t.db), 0.05, { onRefresh: (ms) => took.push(ms) }).stop();
    await sleep(150);
    expect(took).toEqual([]);
  });
});
