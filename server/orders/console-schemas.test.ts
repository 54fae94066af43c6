import { describe, expect, it } from "vitest";
import { attributionSource, commissionStatus, ORDER_CHANNELS, orderStatus, riskVerdict } from "@/db/schema/orders";
import {
  ATTRIBUTION_SOURCES,
  brandDayEnd,
  brandDayStart,
  CHANNELS,
  COMMISSION_STATUSES,
  ORDER_STATUSES,
  RISK_VERDICTS,
} from "./console-schemas";

describe("console list schemas", () => {
  it("copy the database's enums exactly (the browser bundle does not load the schema)", () => {
    expect([...CHANNELS]).toEqual([...ORDER_CHANNELS]);
    expect([...ORDER_STATUSES]).toEqual(orderStatus.enumValues);
    expect([...ATTRIBUTION_SOURCES]).toEqual(attributionSource.enumValues);
    expect([...RISK_VERDICTS]).toEqual(riskVerdict.enumValues);
    expect([...COMMISSION_STATUSES]).toEqual(commissionStatus.enumValues);
  });

  it("a brand day runs from 00:00 to 24:00 in Asia/Shanghai", () => {
    expect(brandDayStart("2025-03-03").toISOString()).toBe("2025-03-02T16:00:00.000Z");
    expect(brandDayEnd("2025-03-03").toISOString()).toBe("2025-03-03T16:00:00.000Z");
    expect(brandDayEnd("2024-12-31").toISOString()).toBe("2024-12-31T16:00:00.000Z");
  });
});
