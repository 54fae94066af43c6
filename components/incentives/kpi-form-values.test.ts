import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kpiTaskInputSchema } from "@/server/incentives/kpi/schemas";
import { emptyKpiForm, kpiFormToInput, kpiServerErrors, taskToKpiForm, type KpiFormValues, type KpiTaskLike } from "./kpi-form-values";

const LEVEL = "0190a6c2-6a8e-7000-8000-000000000001";
const task: KpiTaskLike = { name: "本月冲刺", month: "2026-03", metric: "gmv", target: 50_000, rewardFen: 8_800, levelId: LEVEL, role: "team_lead" };

describe("emptyKpiForm", () => {
  it("starts on this month in Shanghai, whatever the browser's zone", () => {
    // 16:30 UTC on the last day of March is already 1 April in Shanghai.
    expect(emptyKpiForm(new Date("2026-03-31T16:30:00Z"))).toEqual({ name: "", month: "2026-04", metric: "gmv", target: "", reward: "", levelId: "", role: "" });
  });
});

describe("task ⇄ form", () => {
  it("prefills every field of a task and saves it back unchanged", () => {
    const form = taskToKpiForm(task);
    expect(form).toEqual({ name: "本月冲刺", month: "2026-03", metric: "gmv", target: "500.00", reward: "88.00", levelId: LEVEL, role: "team_lead" });
    expect(kpiFormToInput(form)).toEqual({ ok: true, input: { ...task } });
  });

  it("shows a count target as a count, and no level or role as 'everyone'", () => {
    const form = taskToKpiForm({ ...task, metric: "orders", target: 12, levelId: null, role: null });
    expect(form).toMatchObject({ target: "12", levelId: "", role: "" });
    expect(kpiFormToInput(form)).toEqual({ ok: true, input: { ...task, metric: "orders", target: 12, levelId: null, role: null } });
  });

  it("round-trips any target and reward the server accepts (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("gmv", "orders", "new_customers" as const),
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 100_000_000_00 }),
        (metric, target, rewardFen) => {
          const out = kpiFormToInput(taskToKpiForm({ ...task, metric, target, rewardFen }));
          expect(out).toEqual({ ok: true, input: { ...task, metric, target, rewardFen } });
          if (out.ok) expect(kpiTaskInputSchema.safeParse(out.input).success).toBe(true);
        },
      ),
    );
  });
});

describe("kpiFormToInput", () => {
  const filled: KpiFormValues = { ...emptyKpiForm(new Date("2026-03-10T00:00:00Z")), name: " 冲刺 ", target: "1,999.99", reward: "¥8.8" };

  it("trims the name and reads yuan exactly", () => {
    expect(kpiFormToInput(filled)).toEqual({
      ok: true,
      input: { name: "冲刺", month: "2026-03", metric: "gmv", target: 199_999, rewardFen: 880, levelId: null, role: null },
    });
  });

  it("names each field that cannot be sent, with a message for its kind of value", () => {
    expect(kpiFormToInput({ ...filled, name: "  ", month: "2026-13", target: "1.234", reward: "0" })).toEqual({
      ok: false,
      errors: { name: "name.required", month: "month.invalid", target: "target.amount", reward: "reward.invalid" },
    });
    expect(kpiFormToInput({ ...filled, metric: "orders", target: "2.5", reward: "100000000.01" })).toEqual({
      ok: false,
      errors: { target: "target.count", reward: "reward.invalid" },
    });
    expect(kpiFormToInput({ ...filled, metric: "new_customers", target: "0" })).toMatchObject({ ok: false, errors: { target: "target.count" } });
  });
});

describe("kpiServerErrors", () => {
  it("puts the server's paths on the form's fields; the task id's error stays off them", () => {
    expect(kpiServerErrors({ rewardFen: "too_big", month: "invalid_format", levelId: "not_found", id: "invalid_transition" })).toEqual({
      reward: "too_big",
      month: "invalid_format",
      levelId: "level.gone",
    });
    expect(kpiServerErrors(null)).toEqual({});
  });
});
