import { describe, expect, it } from "vitest";
import { decideBinding, type BindingRequest, type CurrentBinding } from "./binding-rules";

const day = 86400_000;
const t0 = new Date("2026-11-01T00:00:00Z");
const req = (over: Partial<BindingRequest> = {}): BindingRequest => ({
  distributorId: "B",
  source: "link",
  now: t0,
  isSelf: false,
  formsLoop: false,
  candidateActive: true,
  ...over,
});
const boundToA = (boundAt = t0): CurrentBinding => ({ distributorId: "A", boundAt });

describe("binding decisions", () => {
  it("binds an unbound buyer, with a lock window in lock mode", () => {
    expect(decideBinding(null, req(), { mode: "lock", lockDays: 30 })).toEqual({
      action: "bind",
      protectedUntil: new Date(t0.getTime() + 30 * day),
    });
    expect(decideBinding(null, req(), { mode: "permanent", lockDays: 30 })).toEqual({ action: "bind", protectedUntil: null });
  });

  it("permanent: first binding wins forever", () => {
    const later = req({ now: new Date(t0.getTime() + 1000 * day) });
    expect(decideBinding(boundToA(), later, { mode: "permanent", lockDays: 30 })).toMatchObject({ action: "keep", reason: "permanent" });
  });

  it("lock: holds for N days, then the next link rebinds", () => {
    const s = { mode: "lock" as const, lockDays: 30 };
    const until = new Date(t0.getTime() + 30 * day);
    expect(decideBinding(boundToA(), req({ now: new Date(until.getTime() - 1) }), s)).toMatchObject({ action: "keep", reason: "locked" });
    expect(decideBinding(boundToA(), req({ now: until }), s)).toMatchObject({ action: "rebind" });
  });

  it("lock: the window runs from when the binding was made, under the settings as they stand at the next order", () => {
    // Bound under last_click (no window then); the brand switches to lock for 30 days.
    const soon = req({ now: new Date(t0.getTime() + 5 * day) });
    expect(decideBinding(boundToA(), soon, { mode: "lock", lockDays: 30 })).toMatchObject({ action: "keep", reason: "locked" });
    expect(decideBinding(boundToA(), req({ now: new Date(t0.getTime() + 30 * day) }), { mode: "lock", lockDays: 30 })).toMatchObject({ action: "rebind" });
    // Bound under a 30-day lock; the brand shortens it to 3 days: past day 3, the next code rebinds.
    expect(decideBinding(boundToA(), soon, { mode: "lock", lockDays: 3 })).toMatchObject({ action: "rebind", protectedUntil: new Date(soon.now.getTime() + 3 * day) });
    expect(decideBinding(boundToA(), req({ now: new Date(t0.getTime() + 2 * day) }), { mode: "lock", lockDays: 3 })).toMatchObject({ action: "keep", reason: "locked" });
  });

  it("last_click: every new link rebinds", () => {
    expect(decideBinding(boundToA(), req(), { mode: "last_click", lockDays: 30 })).toMatchObject({ action: "rebind", protectedUntil: null });
  });

  it("refuses self-binding, loops and inactive distributors", () => {
    const s = { mode: "last_click" as const, lockDays: 30 };
    expect(decideBinding(null, req({ isSelf: true }), s)).toEqual({ action: "refuse", reason: "self" });
    expect(decideBinding(null, req({ formsLoop: true }), s)).toEqual({ action: "refuse", reason: "loop" });
    expect(decideBinding(null, req({ candidateActive: false }), s)).toEqual({ action: "refuse", reason: "inactive" });
  });

  it("an order's referral code follows the binding mode like a link; a manual override always rebinds", () => {
    const s = { mode: "last_click" as const, lockDays: 30 };
    // DESIGN.md "Commission semantics": lock / permanent keep the bound distributor; last_click rebinds.
    expect(decideBinding(boundToA(), req({ source: "order_code" }), s)).toMatchObject({ action: "rebind" });
    expect(decideBinding(boundToA(), req({ source: "order_code" }), { mode: "permanent", lockDays: 30 })).toMatchObject({ action: "keep", reason: "permanent" });
    expect(decideBinding(boundToA(), req({ source: "order_code" }), { mode: "lock", lockDays: 30 })).toMatchObject({ action: "keep", reason: "locked" });
    expect(decideBinding(null, req({ source: "order_code" }), s)).toMatchObject({ action: "bind" });
    expect(decideBinding(boundToA(), req({ source: "manual" }), { mode: "lock", lockDays: 30 })).toMatchObject({ action: "rebind" });
    expect(decideBinding(boundToA(), req({ source: "manual" }), { mode: "permanent", lockDays: 30 })).toMatchObject({ action: "rebind" });
  });
});
