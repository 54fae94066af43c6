/**
 * The embedded refresher's pace: every interval while folds are short, slower once they are
 * long (a sale day's today refolded whole), never overlapping itself, and nothing after stop.
 * The refresh is a stand-in that takes as long as told: the pace is what is tested, and a real
 * refresh on a shared test database folds other tests' brands at its own speed.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { DASHBOARD_REFRESH_DUTY, refreshDelayMs, startDashboardRefresher } from "./run";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const db = () => Promise.resolve({} as Db);

/** A refresh that takes `ms`, recording when each started and whether two ever overlapped. */
function standIn(ms: number) {
  const starts: number[] = [];
  let running = 0;
  let overlapped = false;
  return {
    starts,
    overlapped: () => overlapped,
    refresh: async () => {
      starts.push(performance.now());
      if (++running > 1) overlapped = true;
      await sleep(ms);
      running -= 1;
    },
  };
}

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
  it("refreshes at its pace, never overlapping; stop waits for the refresh under way and ends the loop", async () => {
    const r = standIn(5);
    const refresher = startDashboardRefresher(db, 0.05, { immediate: true, refresh: r.refresh });
    await sleep(600);
    await refresher.stop();
    const ran = r.starts.length;
    // 50 ms from one end to the next start: about ten in 600 ms, at least three however loaded the machine.
    expect(ran).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < ran; i++) expect(r.starts[i]! - r.starts[i - 1]!).toBeGreaterThanOrEqual(50);
    await sleep(150);
    expect(r.starts.length).toBe(ran);
    expect(r.overlapped()).toBe(false);
  });

  it("starts at once when asked, otherwise after one interval", async () => {
    const now = standIn(1);
    const later = standIn(1);
    const a = startDashboardRefresher(db, 2, { immediate: true, refresh: now.refresh });
    const b = startDashboardRefresher(db, 2, { refresh: later.refresh });
    await sleep(500);
    await Promise.all([a.stop(), b.stop()]);
    expect([now.starts.length, later.starts.length]).toEqual([1, 0]);
  });

  it("waits longer after a long refresh, so folding stays near its share of the time", async () => {
    // Each refresh takes 60 ms against a 10 ms pace: the next starts 540 ms after it ends.
    const r = standIn(60);
    const refresher = startDashboardRefresher(db, 0.01, { immediate: true, refresh: r.refresh });
    await sleep(400);
    await refresher.stop();
    expect(r.starts).toHaveLength(1);
  });

  it("is off at 0, and stopped before its first tick it never refreshes", async () => {
    const r = standIn(1);
    await startDashboardRefresher(db, 0, { immediate: true, refresh: r.refresh }).stop();
    await startDashboardRefresher(db, 0.05, { refresh: r.refresh }).stop();
    await sleep(150);
    expect(r.starts).toEqual([]);
  });
});
