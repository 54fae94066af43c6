/**
 * Proving a brand controls its landing URL's host before short links send buyers there. The
 * brand publishes a DNS TXT record `_fenxiao.<host>` = `fenxiao-verify=<token>`; the token is a
 * keyed hash of the brand id, so no other brand can produce it, and the record is checked with
 * node:dns. Until a host is verified, short links land on the brand's own portal join page.
 */
import { Resolver } from "node:dns/promises";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { brandSettings } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { AppError } from "@/server/errors";
import { keyedHash } from "@/server/shared/crypto";
import { audit, type Actor } from "./audit";
import { landingHost } from "./landing-host";
import { getSettings } from "./settings";

export const TXT_PREFIX = "fenxiao-verify=";
export const RECORD_LABEL = "_fenxiao";
/** Checks per brand per hour: each one is a DNS query we make on the brand's say-so. */
export const VERIFY_LIMIT = { limit: 30, windowSeconds: 3600 } as const;

export type ResolveTxt = (name: string) => Promise<string[][]>;

function systemResolveTxt(name: string) {
  // Short, so a slow DNS server cannot keep the request (and its transaction) waiting.
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  return resolver.resolveTxt(name);
}

export function verificationToken(tenantId: string): string {
  return keyedHash(tenantId, "landing-domain-verification").slice(0, 32);
}

export interface LandingVerification {
  landingUrl: string | null;
  host: string | null;
  verifiedHost: string | null;
  verifiedAt: Date | null;
  /** The landing URL's current host is the verified one. */
  verified: boolean;
  /** The TXT record to publish (null without a landing URL). */
  record: { name: string; value: string } | null;
}

function describe(
  tenantId: string,
  s: { landingUrl: string | null; landingVerifiedHost: string | null; landingVerifiedAt: Date | null },
): LandingVerification {
  const host = landingHost(s.landingUrl);
  return {
    landingUrl: s.landingUrl,
    host,
    verifiedHost: s.landingVerifiedHost,
    verifiedAt: s.landingVerifiedAt,
    verified: !!host && host === s.landingVerifiedHost,
    record: host ? { name: `${RECORD_LABEL}.${host}`, value: `${TXT_PREFIX}${verificationToken(tenantId)}` } : null,
  };
}

export async function landingVerification(tx: Tx): Promise<LandingVerification> {
  return describe(await currentTenantId(tx), await getSettings(tx));
}

export interface VerifyOutcome {
  /** "not_found" is an answer, not an error: the attempt still counts against the limit. */
  result: "verified" | "not_found";
  status: LandingVerification;
}

/** Looks the TXT record up now; on success the host is verified (and audited). */
export async function verifyLandingDomain(
  tx: Tx,
  actor: Actor,
  deps: { resolveTxt?: ResolveTxt; now?: Date } = {},
): Promise<VerifyOutcome> {
  const tenantId = await currentTenantId(tx);
  const settings = await getSettings(tx);
  const status = describe(tenantId, settings);
  if (!status.host || !status.record) {
    throw new AppError("PRECONDITION_FAILED", "Set a landing URL first.", {
      fields: { landingUrl: "landing.missing" },
    });
  }
  if (status.verified) return { result: "verified", status };
  await enforceRateLimit(
    tx,
    `landing-verify:${tenantId}`,
    VERIFY_LIMIT,
    "Too many verification attempts. Try again later.",
    deps.now,
  );
  const records = await (deps.resolveTxt ?? systemResolveTxt)(status.record.name).catch(() => []);
  // A TXT record may be split into several strings; they are one value.
  const found = records.some((parts) => parts.join("").trim() === status.record!.value);
  if (!found) return { result: "not_found", status };
  const now = deps.now ?? new Date();
  const [row] = await tx
    .update(brandSettings)
    .set({ landingVerifiedHost: status.host, landingVerifiedAt: now, updatedAt: sql`now()` })
    .where(eq(brandSettings.tenantId, tenantId))
    .returning();
  await audit(tx, actor, {
    action: "settings.landing_domain.verified",
    targetType: "brand",
    data: { host: status.host },
  });
  return { result: "verified", status: describe(tenantId, row!) };
}
