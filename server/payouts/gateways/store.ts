/**
 * A brand's payout gateway credentials: saved sealed, read back masked, opened only to pay.
 * Saving or removing is audited with the public fields that changed and the NAMES of the secrets
 * that changed, never their values.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { distributorIdentities, PAYOUT_GATEWAY_CHANNELS, payoutGateways, type PayoutGatewayChannel } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { decryptPii, encryptPii } from "@/server/payouts/crypto/pii";
import { audit, type Actor } from "@/server/tenancy/audit";
import { GATEWAY_URL_FIELD, gatewayInput, requiredSecrets, SECRET_FIELDS, secretHint, secretProblems, type GatewayInput } from "./schemas";
import { gatewayTargetProblem } from "./targets";

export interface StoredGateway {
  channel: PayoutGatewayChannel;
  publicConfig: Record<string, string>;
  secrets: Record<string, string>;
  /** Changes whenever the row does: built providers are cached under it. */
  version: string;
}

export interface GatewayCheck {
  at: Date;
  ok: boolean;
  message: string;
}

export interface GatewayRow {
  channel: PayoutGatewayChannel;
  publicConfig: Record<string, string>;
  secretHints: Record<string, string>;
  check: GatewayCheck | null;
  updatedAt: Date;
}

const badRequest = (fields: Record<string, string>) => new AppError("BAD_REQUEST", "The payout gateway settings are not valid.", { fields });

/** The brand's saved gateways, without secrets (hints only). */
export async function listGatewayRows(tx: Tx): Promise<GatewayRow[]> {
  const rows = await tx.select().from(payoutGateways);
  return rows
    .map((r) => ({
      channel: r.channel,
      publicConfig: r.publicConfig,
      secretHints: r.secretHints,
      check: r.checkedAt && r.checkOk !== null ? { at: r.checkedAt, ok: r.checkOk, message: r.checkMessage ?? "" } : null,
      updatedAt: r.updatedAt,
    }))
    .sort((a, b) => PAYOUT_GATEWAY_CHANNELS.indexOf(a.channel) - PAYOUT_GATEWAY_CHANNELS.indexOf(b.channel));
}

/** One gateway with its secrets opened: for building a provider, never for a response. */
export async function openGateway(tx: Tx, channel: PayoutGatewayChannel): Promise<StoredGateway | null> {
  const [r] = await tx.select().from(payoutGateways).where(eq(payoutGateways.channel, channel));
  if (!r) return null;
  return { channel, publicConfig: r.publicConfig, secrets: JSON.parse(decryptPii(r.secretsEnc)) as Record<string, string>, version: `${r.id}:${r.updatedAt.getTime()}` };
}

function splitInput(input: GatewayInput): { publicConfig: Record<string, string>; given: Record<string, string> } {
  const secretNames = new Set<string>(SECRET_FIELDS[input.channel]);
  const publicConfig: Record<string, string> = {};
  const given: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === "channel" || v === undefined) continue;
    (secretNames.has(k) ? given : publicConfig)[k] = String(v);
  }
  return { publicConfig, given };
}

/**
 * Creates or replaces a channel's gateway. Secrets left out keep their stored value; the result
 * must hold every secret the channel (and, for Alipay, its mode) needs. Switching Alipay between
 * key and certificate mode drops the secrets the new mode does not use. A new WeChat app id
 * unlinks the distributors' openids (`unlinkedWechat` says how many).
 */
export async function saveGateway(tx: Tx, actor: Actor, raw: unknown): Promise<GatewayRow & { unlinkedWechat: number }> {
  const parsed = gatewayInput.safeParse(raw);
  if (!parsed.success) throw badRequest(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
  const input = parsed.data;
  const { publicConfig, given } = splitInput(input);
  const keyType = input.channel === "alipay" ? { keyType: input.keyType } : {};
  const problems = secretProblems(input.channel, given, keyType);
  const urlField = GATEWAY_URL_FIELD[input.channel];
  if (await gatewayTargetProblem(publicConfig[urlField])) problems[urlField] = "gateway.unsafe_url";
  if (Object.keys(problems).length) throw badRequest(problems);

  const before = await openGateway(tx, input.channel);
  const needed = requiredSecrets(input);
  const optional = input.channel === "wechat" ? ["oauthSecret"] : [];
  const secrets: Record<string, string> = {};
  for (const name of [...needed, ...optional]) {
    const value = given[name] ?? before?.secrets[name];
    if (value !== undefined) secrets[name] = value;
  }
  const missing = needed.filter((n) => secrets[n] === undefined);
  if (missing.length) throw badRequest(Object.fromEntries(missing.map((n) => [n, "gateway.required"])));

  // A public field is only compared when it was saved before; the secrets by name only.
  const changedPublic = Object.keys({ ...before?.publicConfig, ...publicConfig }).filter((k) => before?.publicConfig[k] !== publicConfig[k]);
  const changedSecrets = Object.keys({ ...before?.secrets, ...secrets }).filter((k) => before?.secrets[k] !== secrets[k]);
  const values = {
    publicConfig,
    secretsEnc: encryptPii(JSON.stringify(secrets)),
    secretHints: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, secretHint(k, v, keyType)])),
    // New credentials have not been tried yet.
    checkedAt: null,
    checkOk: null,
    checkMessage: null,
    updatedBy: actor.id,
    updatedAt: new Date(),
  };
  await tx
    .insert(payoutGateways)
    .values({ tenantId: await currentTenantId(tx), channel: input.channel, ...values })
    .onConflictDoUpdate({ target: [payoutGateways.tenantId, payoutGateways.channel], set: values });
  // The app openids were linked under: the brand's saved one, else the deployment's.
  const unlinkedWechat = input.channel === "wechat" ? await unlinkWechatIfAppChanged(tx, before?.publicConfig.appid ?? env.WECHATPAY_APPID ?? null, input.appid) : 0;
  await audit(tx, actor, {
    action: "payout.gateway_saved",
    targetType: "payout_gateway",
    data: {
      channel: input.channel,
      created: !before,
      changes: Object.fromEntries(changedPublic.map((k) => [k, [before?.publicConfig[k] ?? null, publicConfig[k] ?? null]])),
      secretsChanged: changedSecrets,
      unlinkedWechat,
    },
  });
  const [row] = (await listGatewayRows(tx)).filter((r) => r.channel === input.channel);
  return { ...row!, unlinkedWechat };
}

export async function removeGateway(tx: Tx, actor: Actor, channel: PayoutGatewayChannel): Promise<{ unlinkedWechat: number }> {
  const gone = await tx.delete(payoutGateways).where(eq(payoutGateways.channel, channel)).returning({ id: payoutGateways.id, publicConfig: payoutGateways.publicConfig });
  if (!gone.length) throw new AppError("NOT_FOUND", "No gateway is saved for this channel.");
  // Back to the deployment's WeChat app, if any: openids of the brand's app mean nothing there.
  const unlinkedWechat = channel === "wechat" ? await unlinkWechatIfAppChanged(tx, gone[0]!.publicConfig.appid ?? null, env.WECHATPAY_APPID ?? null) : 0;
  await audit(tx, actor, { action: "payout.gateway_removed", targetType: "payout_gateway", data: { channel, unlinkedWechat } });
  return { unlinkedWechat };
}

/**
 * An openid belongs to the app that issued it: when the brand's WeChat app changes, every
 * linked openid is one the new merchant cannot pay. They are unlinked, so the portal asks each
 * distributor to link WeChat again, instead of transfers failing one by one. Returns how many.
 */
async function unlinkWechatIfAppChanged(tx: Tx, before: string | null, after: string | null): Promise<number> {
  if (!before || before === after) return 0;
  const rows = await tx
    .update(distributorIdentities)
    .set({ wechatOpenid: null, updatedAt: new Date() })
    .where(isNotNull(distributorIdentities.wechatOpenid))
    .returning({ id: distributorIdentities.distributorId });
  return rows.length;
}

/** Records a "test connection" on the saved row (only if it is still the version tested). */
export async function recordGatewayCheck(tx: Tx, actor: Actor, channel: PayoutGatewayChannel, version: string, check: GatewayCheck): Promise<void> {
  const [id, updatedMs] = version.split(":");
  await tx
    .update(payoutGateways)
    .set({ checkedAt: check.at, checkOk: check.ok, checkMessage: check.message.slice(0, 500) })
    .where(and(eq(payoutGateways.channel, channel), eq(payoutGateways.id, id!), eq(payoutGateways.updatedAt, new Date(Number(updatedMs)))));
  await audit(tx, actor, { action: "payout.gateway_checked", targetType: "payout_gateway", data: { channel, ok: check.ok } });
}
