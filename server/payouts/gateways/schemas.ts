/**
 * What a brand enters for each payout gateway, and the checks that catch a pasted key of the
 * wrong kind before the first payout would. Secret fields are optional on every save: left out,
 * the stored one stays (the console never receives secrets, so it cannot send them back).
 *
 * Field messages are keys `gateway.<code>` (dotted, so tRPC's input errors keep them, as the
 * service's own do); the console translates the code under withdrawals.gateways.errors.
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { PayoutGatewayChannel } from "@/db/schema";

const trimmed = (max: number) => z.string().trim().min(1, "gateway.required").max(max, "gateway.too_long");
const optionalSecret = (max: number) =>
  z
    .string()
    .max(max, "gateway.too_long")
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
/** Gateway addresses: https, except loopback (the fake gateways of tests and local runs). */
const gatewayUrl = z
  .string()
  .trim()
  .max(500, "gateway.too_long")
  .refine((u) => {
    try {
      const url = new URL(u);
      if (url.search || url.hash) return false;
      return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
    } catch {
      return false;
    }
  }, "gateway.https_url");

export const wechatGatewayInput = z.object({
  channel: z.literal("wechat"),
  mchid: z.string().trim().regex(/^\d{6,12}$/, "gateway.mchid"),
  appid: z.string().trim().regex(/^wx[0-9a-zA-Z]{8,30}$/, "gateway.appid"),
  merchantSerial: z.string().trim().regex(/^[0-9A-Fa-f]{16,64}$/, "gateway.serial"),
  publicKeyId: z.string().trim().regex(/^PUB_KEY_ID_[0-9A-Za-z_]+$/, "gateway.public_key_id"),
  transferSceneId: z.string().trim().regex(/^\d{1,8}$/, "gateway.scene_id").default("1005"),
  baseURL: gatewayUrl.optional(),
  privateKey: optionalSecret(10_000),
  publicKey: optionalSecret(10_000),
  apiV3Key: optionalSecret(64),
  /** The official account's AppSecret, for WeChat OAuth (linking a distributor's openid). */
  oauthSecret: optionalSecret(64),
});

export const alipayGatewayInput = z.object({
  channel: z.literal("alipay"),
  appId: z.string().trim().regex(/^\d{8,32}$/, "gateway.alipay_app_id"),
  keyType: z.enum(["PKCS1", "PKCS8"]).default("PKCS8"),
  /** Public-key mode, or certificate mode (which Alipay requires for transfers in production). */
  mode: z.enum(["key", "cert"]),
  endpoint: gatewayUrl.optional(),
  privateKey: optionalSecret(10_000),
  alipayPublicKey: optionalSecret(10_000),
  appCert: optionalSecret(20_000),
  alipayPublicCert: optionalSecret(20_000),
  alipayRootCert: optionalSecret(40_000),
});

export const flexibleGatewayInput = z.object({
  channel: z.literal("flexible"),
  gatewayUrl,
  appId: trimmed(64),
  secret: optionalSecret(256).refine((s) => s === undefined || s.length >= 16, "gateway.secret_short"),
});

export const gatewayInput = z.discriminatedUnion("channel", [wechatGatewayInput, alipayGatewayInput, flexibleGatewayInput]);
export type GatewayInput = z.infer<typeof gatewayInput>;

/** The secret fields of each channel, and which of them a complete configuration needs. */
export const SECRET_FIELDS = {
  wechat: ["privateKey", "publicKey", "apiV3Key", "oauthSecret"],
  alipay: ["privateKey", "alipayPublicKey", "appCert", "alipayPublicCert", "alipayRootCert"],
  flexible: ["secret"],
} as const satisfies Record<PayoutGatewayChannel, readonly string[]>;

export function requiredSecrets(input: GatewayInput): string[] {
  switch (input.channel) {
    case "wechat":
      return ["privateKey", "publicKey", "apiV3Key"];
    case "alipay":
      return input.mode === "cert" ? ["privateKey", "appCert", "alipayPublicCert", "alipayRootCert"] : ["privateKey", "alipayPublicKey"];
    case "flexible":
      return ["secret"];
  }
}

/** The field holding the address a brand may type for each gateway (else the gateway's own). */
export const GATEWAY_URL_FIELD = { wechat: "baseURL", alipay: "endpoint", flexible: "gatewayUrl" } as const satisfies Record<PayoutGatewayChannel, string>;

/** Alipay hands out keys as bare base64; the SDK wraps them, and so does this check. */
export function asPem(value: string, kind: "PRIVATE KEY" | "RSA PRIVATE KEY" | "PUBLIC KEY"): string {
  if (value.includes("-----BEGIN")) return value;
  const body = value.replace(/\s+/g, "").match(/.{1,64}/g)?.join("\n") ?? "";
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`;
}

/** A private key as PEM: PKCS#1 ("RSA PRIVATE KEY") or PKCS#8, as the brand says it is. */
export function privateKeyPem(value: string, keyType: "PKCS1" | "PKCS8" = "PKCS8"): string {
  return asPem(value, keyType === "PKCS1" ? "RSA PRIVATE KEY" : "PRIVATE KEY");
}

/**
 * Problems with the secrets a save would store (code per field). Each is parsed the way the
 * provider will use it, so "this is a certificate, not a key" shows here and not as a failed
 * payout.
 */
export function secretProblems(channel: PayoutGatewayChannel, secrets: Record<string, string>, opts: { keyType?: "PKCS1" | "PKCS8" } = {}): Record<string, string> {
  const problems: Record<string, string> = {};
  const tryParse = (field: string, parse: (v: string) => unknown, code: string) => {
    const v = secrets[field];
    if (v === undefined) return;
    try {
      parse(v);
    } catch {
      problems[field] = code;
    }
  };
  const privateKey = (v: string) => crypto.createPrivateKey(privateKeyPem(v, opts.keyType));
  const publicKey = (v: string) => crypto.createPublicKey(asPem(v, "PUBLIC KEY"));
  const certificate = (v: string) => new crypto.X509Certificate(v);
  tryParse("privateKey", privateKey, "gateway.private_key");
  if (channel === "wechat") {
    tryParse("publicKey", publicKey, "gateway.public_key");
    if (secrets.apiV3Key !== undefined && Buffer.byteLength(secrets.apiV3Key) !== 32) problems.apiV3Key = "gateway.apiv3_key";
  }
  if (channel === "alipay") {
    tryParse("alipayPublicKey", publicKey, "gateway.public_key");
    tryParse("appCert", certificate, "gateway.certificate");
    tryParse("alipayPublicCert", certificate, "gateway.certificate");
    // Alipay's root bundle holds several certificates, some in algorithms Node does not load.
    if (secrets.alipayRootCert !== undefined && !secrets.alipayRootCert.includes("-----BEGIN CERTIFICATE-----")) problems.alipayRootCert = "gateway.certificate";
  }
  return problems;
}

/**
 * How a stored secret is recognised without showing it: a key's or certificate's SHA-256
 * fingerprint (what the merchant platform shows), a short secret's last four characters.
 */
export function secretHint(field: string, value: string, opts: { keyType?: "PKCS1" | "PKCS8" } = {}): string {
  const fingerprint = (der: Buffer) => `SHA256:${crypto.createHash("sha256").update(der).digest("hex").slice(0, 16)}`;
  try {
    if (field === "privateKey") {
      const key = crypto.createPrivateKey(privateKeyPem(value, opts.keyType));
      return fingerprint(crypto.createPublicKey(key).export({ type: "spki", format: "der" }));
    }
    if (field === "publicKey" || field === "alipayPublicKey") return fingerprint(crypto.createPublicKey(asPem(value, "PUBLIC KEY")).export({ type: "spki", format: "der" }));
    if (field === "appCert" || field === "alipayPublicCert") {
      const cert = new crypto.X509Certificate(value);
      return `SN ${cert.serialNumber.slice(-12)} · ${cert.validTo}`;
    }
    if (field === "alipayRootCert") return `${value.split("-----BEGIN CERTIFICATE-----").length - 1} certificates`;
  } catch {
    // Validated before storing; a hint is never worth failing a save.
  }
  return `••••${value.slice(-4)}`;
}
