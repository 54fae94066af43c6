import { describe, expect, it } from "vitest";
import { retryTransient } from "./transient";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("retryTransient", () => {
  it("runs a transaction again after a deadlock or serialization failure, up to three times", async () => {
    let calls = 0;
    const result = await retryTransient(() => {
      calls += 1;
      if (calls < 3) return Promise.reject(new Error("query failed", { cause: pgError(calls === 1 ? "40P01" : "40001") }));
      return Promise.resolve("done");
    });
    expect(result).toBe("done");
    expect(calls).toBe(3);
  });

  it("gives up after the third attempt and never retries other errors", async () => {
    let calls = 0;
    await expect(retryTransient(() => (calls++, Promise.reject(pgError("40P01"))))).rejects.toThrow("pg 40P01");
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryTransient(() => (calls++, Promise.reject(pgError("23505"))))).rejects.toThrow("pg 23505");
    expect(calls).toBe(1);
  });
});
