/**
 * The order channels, for the console's checkboxes and selects. A copy of ORDER_CHANNELS
 * (db/schema/orders.ts) so the browser bundle does not load the database schema;
 * channels.test.ts keeps the two equal.
 */
export const ORDER_CHANNEL_LIST = [
  "tmall",
  "taobao",
  "jd",
  "pdd",
  "douyin",
  "wechat_channels",
  "mini_program",
  "offline",
  "other",
] as const;
