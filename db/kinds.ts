/**
 * Value lists that the schema's enums, the API's zod schemas, file import and the console's
 * selects all share. A plain module (no imports, like ids.ts) so browser code can use them
 * without loading the database schema.
 */

/** Sales channels of an order (DESIGN.md "Public API v1" → Orders). */
export const ORDER_CHANNELS = [
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
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** Kinds of buyer identity OneID resolves (DOMAIN.md §2). */
export const IDENTITY_KINDS = [
  "phone",
  "wechat_unionid",
  "wechat_openid",
  "tmall_buyer",
  "jd_pin",
  "pdd_uid",
  "douyin_openid",
  "email",
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];
