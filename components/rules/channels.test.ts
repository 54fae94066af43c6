import { describe, expect, it } from "vitest";
import { ORDER_CHANNELS } from "@/db/schema/orders";
import { ORDER_CHANNEL_LIST } from "./channels";

describe("ORDER_CHANNEL_LIST", () => {
  it("is the schema's channel list", () => {
    expect([...ORDER_CHANNEL_LIST]).toEqual([...ORDER_CHANNELS]);
  });
});
