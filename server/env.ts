/**
 * Environment, validated once at start so a bad deployment fails loudly instead of at first use.
 * FENXIAO_ENV is the deployment environment (development | test | production); it is separate
 * from NODE_ENV because the e2e suite runs a production build (`next start`) as a test deployment.
 */
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import {
  deployEnvOf,
  deploymentProblems,
  DEV_PII_KEYRING,
  devDefaultSecret,
  isBuildPhase,
  isTestDeployment,
  parsePiiKeyring,
  TEST_DEPLOYMENT_BANNER,
} from "./env-policy";

const isBuild = isBuildPhase(process.env);
const deployEnv = deployEnvOf(process.env);
const isProduction = deployEnv === "production" && !isBuild;

// Published secrets, dev features in a production build without the explicit test opt-in:
// refused here, before anything starts (server/env-policy.ts).
const problems = process.env.SKIP_ENV_VALIDATION === "1" ? [] : deploymentProblems(process.env);
if (problems.length) throw new Error(`Refusing to start:\n  - ${problems.join("\n  - ")}`);
const announced = Symbol.for("fenxiao.test-deployment-announced");
if (!isBuild && isTestDeployment(process.env) && !(globalThis as Record<symbol, unknown>)[announced]) {
  (globalThis as Record<symbol, unknown>)[announced] = true;
  console.warn(TEST_DEPLOYMENT_BANNER);
}

const secret = (name: string) =>
  isProduction
    ? z.string().min(32, `${name} must be at least 32 characters in production`)
    : z.string().min(16).default(devDefaultSecret(name));

export const env = createEnv({
  server: {
    FENXIAO_ENV: z
      .enum(["development", "test", "production"])
      .default(deployEnv as "development" | "test" | "production"),
    DATABASE_URL: z.url().optional(),
    PGLITE_DIR: z.string().default(".data/pglite"),
    /**
     * "0": send no named prepared statements (db/client.ts), for a pooler that cannot carry
     * them (PgBouncer in transaction mode before 1.21). Costs a round trip per statement.
     */
    DATABASE_PREPARE: z.enum(["0", "1"]).default("1"),
    APP_DB_PASSWORD: z.string().min(12).optional(),
    /**
     * The public origin every absolute link is built on (server/shared/app-url.ts). Required in
     * production; unset elsewhere, links follow the host the request came in on.
     */
    APP_URL: isProduction
      ? z.url({ error: "APP_URL must be set in production: the public address users open (links, QR codes, posters)" })
      : z.url().optional(),
    AUTH_SECRET: secret("AUTH_SECRET"),
    FENXIAO_HASH_KEY: secret("FENXIAO_HASH_KEY"),
    /**
     * Keys for ID and card numbers at rest (server/payouts/crypto/pii.ts): `k2:<base64 32 bytes>,k1:<…>`,
     * the first encrypts, all decrypt; rotate by prepending a key, then `npm run cli -- pii:reencrypt`.
     * Required in production; elsewhere a published development key.
     */
    PII_ENCRYPTION_KEYS: (isProduction ? z.string() : z.string().default(DEV_PII_KEYRING)).superRefine((v, ctx) => {
      const ring = parsePiiKeyring(v);
      if (!ring.ok) ctx.addIssue({ code: "custom", message: `PII_ENCRYPTION_KEYS: ${ring.problem}` });
    }),
    DEMO_SEED: z.enum(["0", "1"]).default(isProduction ? "0" : "1"),
    /** Demo orders for the demo brand: 20,000 in development (about a minute on PGlite; see demo-orders.ts), none in tests and e2e. */
    DEMO_ORDERS: z.coerce.number().int().min(0).max(200_000).default(deployEnv === "development" ? 20_000 : 0),
    SMS_PROVIDER: z.enum(["outbox", "aliyun", "tencent"]).default("outbox"),
    ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
    ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
    ALIYUN_SMS_SIGN_NAME: z.string().optional(),
    ALIYUN_SMS_TEMPLATE_CODE: z.string().optional(),
    /** Generic notice template (one variable ${content}) for outcome SMS; none = no notices. */
    ALIYUN_SMS_NOTICE_TEMPLATE_CODE: z.string().optional(),
    TENCENT_SMS_SECRET_ID: z.string().optional(),
    TENCENT_SMS_SECRET_KEY: z.string().optional(),
    TENCENT_SMS_SDK_APP_ID: z.string().optional(),
    TENCENT_SMS_SIGN_NAME: z.string().optional(),
    TENCENT_SMS_TEMPLATE_ID: z.string().optional(),
    /** Generic notice template (one variable {1}) for outcome SMS; none = no notices. */
    TENCENT_SMS_NOTICE_TEMPLATE_ID: z.string().optional(),
    TENCENT_SMS_REGION: z.string().default("ap-guangzhou"),
    /**
     * Staff mail (password reset, address verification): SMTP through nodemailer. Either
     * SMTP_URL (smtp://user:pass@host:587 or smtps://…:465) or SMTP_HOST with port and
     * credentials; MAIL_FROM is the sender. Unset: the dev mail outbox (/dev/mail), which
     * production refuses when mail is needed.
     */
    SMTP_URL: z.url().refine((u) => /^smtps?:\/\//.test(u), "SMTP_URL must start with smtp:// or smtps://").optional(),
    SMTP_HOST: z.string().optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    SMTP_USER: z.string().optional(),
    SMTP_PASS: z.string().optional(),
    MAIL_FROM: z.string().optional(),
    /** With FENXIAO_ENV=test, lets a production build run as a test deployment (env-policy.ts). */
    FENXIAO_ALLOW_TEST_FEATURES: z.enum(["0", "1"]).default("0"),
    /** `npm start` worker processes (node:cluster); more than 1 needs DATABASE_URL. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    /** Public API (/api/v1) limits, per process: see server/rest/limits.ts. */
    API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
    API_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    API_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0.1).max(100_000).default(50),
    API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).default(100),
    API_MAX_IN_FLIGHT_PER_KEY: z.coerce.number().int().min(1).max(1024).default(16),
    API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(30),
    /**
     * Inngest (cloud or self-hosted). With an event key (or INNGEST_DEV) the jobs run there and
     * the in-process sweeper only runs as a slower safety net; the SDK reads these itself.
     */
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_DEV: z.string().optional(),
    /**
     * "1": webhook endpoints may point at loopback and private addresses (a receiver on this
     * machine in development and tests). Ignored in production, where they are always refused.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(["0", "1"]).default("0"),
    /**
     * Days a finished webhook event (delivered, given up, or its endpoint deleted) and its
     * delivery log are kept before the hourly clean-up removes them (server/webhooks/retention.ts).
     */
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** In-process settlement sweep interval in seconds (0 = off). */
    SETTLEMENT_SWEEP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /**
     * Connections that settle one brand side by side on a real Postgres (server/settlement/run.ts):
     * settlement is the database's work, one backend a core, so match the database's free cores.
     */
    SETTLEMENT_WORKERS: z.coerce.number().int().min(1).max(32).default(2),
    /**
     * Reverse proxies in front of `npm start` that append to X-Forwarded-For. 0: the client is
     * the socket's peer and X-Forwarded-For is ignored (anyone can write it).
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** SMS sign-in codes one brand may send per hour (SMS pumping stops at the brand's cap). */
    // Logins created (brand signup, joining by invitation) per client address per hour.
    SIGNUP_HOURLY_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(10),
    /** Staff sign-in attempts per client address per 15 minutes (an office behind one NAT, or a test suite, needs more). */
    SIGNIN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
    OTP_BRAND_HOURLY_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(300),
    /** SMS sign-in codes the whole deployment may send per hour, across brands. */
    OTP_GLOBAL_HOURLY_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(3000),
    /**
     * Uploaded files (server/storage/): a local directory by default, or any S3-compatible
     * store (AWS S3, Aliyun OSS, Tencent COS, MinIO) with STORAGE_DRIVER=s3.
     */
    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    UPLOAD_DIR: z.string().default(".data/uploads"),
    /** Largest upload accepted, read with a cap (default 10 MB). */
    UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().default("us-east-1"),
    S3_BUCKET: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** "1" for stores that need path-style addressing (MinIO and most self-hosted ones). */
    S3_FORCE_PATH_STYLE: z.enum(["0", "1"]).default("0"),
    /**
     * Payout gateways (server/payouts/providers/registry.ts). Keys and certificates are PEM text
     * (\n escapes allowed) or a path to a PEM file. A channel without its settings cannot pay
     * automatically: its approved withdrawals wait, and the console says which setting is missing.
     */
    PAYOUT_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    WECHATPAY_MCHID: z.string().regex(/^\d{6,12}$/, "WECHATPAY_MCHID is the numeric merchant id").optional(),
    WECHATPAY_APPID: z.string().optional(),
    WECHATPAY_MERCHANT_SERIAL: z.string().optional(),
    WECHATPAY_PRIVATE_KEY: z.string().optional(),
    WECHATPAY_PUBLIC_KEY_ID: z.string().regex(/^PUB_KEY_ID_/, "WECHATPAY_PUBLIC_KEY_ID starts with PUB_KEY_ID_ (public-key mode)").optional(),
    WECHATPAY_PUBLIC_KEY: z.string().optional(),
    WECHATPAY_APIV3_KEY: z.string().length(32, "WECHATPAY_APIV3_KEY is the 32-byte APIv3 key").optional(),
    WECHATPAY_NOTIFY_URL: z.url().refine((u) => u.startsWith("https://") && !u.includes("?"), "WECHATPAY_NOTIFY_URL must be https without a query string").optional(),
    WECHATPAY_BASE_URL: z.url().default("https://api.mch.weixin.qq.com/"),
    WECHATPAY_TRANSFER_SCENE_ID: z.string().default("1005"),
    /** WeChat OAuth (网页授权) for distributors to link their openid: the app secret of WECHATPAY_APPID. */
    WECHAT_OAUTH_SECRET: z.string().optional(),
    WECHAT_OAUTH_AUTHORIZE_URL: z.url().default("https://open.weixin.qq.com/connect/oauth2/authorize"),
    WECHAT_OAUTH_API_BASE: z.url().default("https://api.weixin.qq.com/"),
    ALIPAY_APP_ID: z.string().optional(),
    ALIPAY_PRIVATE_KEY: z.string().optional(),
    ALIPAY_KEY_TYPE: z.enum(["PKCS1", "PKCS8"]).default("PKCS8"),
    ALIPAY_PUBLIC_KEY: z.string().optional(),
    ALIPAY_APP_CERT: z.string().optional(),
    ALIPAY_PUBLIC_CERT: z.string().optional(),
    ALIPAY_ROOT_CERT: z.string().optional(),
    ALIPAY_ENDPOINT: z.url().default("https://openapi.alipay.com"),
    FLEXIBLE_GATEWAY_URL: z.url().optional(),
    FLEXIBLE_APP_ID: z.string().optional(),
    FLEXIBLE_SECRET: z.string().min(16).optional(),
    /**
     * The CJK font the compliance report's PDF embeds (server/compliance/pdf.ts): a .ttf / .otf,
     * or a .ttc collection with the face's PostScript name. Checked when a PDF is made.
     */
    COMPLIANCE_PDF_FONT: z.string().default("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    COMPLIANCE_PDF_FONT_FACE: z.string().default("WenQuanYiZenHei"),
    /** Longest statement an app transaction may run before Postgres cancels it. */
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** How long an app transaction may sit idle (e.g. waiting on a client) before it is killed. */
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(15_000),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

