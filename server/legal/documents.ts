/**
 * Brand legal documents: the current version of each kind (the built-in text as version 0
 * until the brand publishes one), older versions for consents that point at them, and
 * publishing (always a new version; nothing is edited in place).
 */
import { and, desc, eq, max } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { brandSettings, consents, legalDocuments } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError, isUniqueViolation } from "@/server/errors";
import { parseInput } from "@/server/promotion/validate";
import { audit, type Actor } from "@/server/tenancy/audit";
import { defaultLegalText } from "./defaults";
import { LEGAL_KINDS, type LegalKind } from "./kinds";

export interface LegalDocument {
  kind: LegalKind;
  version: number;
  bodyZh: string;
  bodyEn: string;
  publishedAt: Date | null;
}

async function brandName(tx: Tx) {
  const [s] = await tx.select({ name: brandSettings.displayName }).from(brandSettings);
  return s?.name ?? "";
}

function builtIn(kind: LegalKind, brand: string): LegalDocument {
  const text = defaultLegalText(kind, brand);
  return { kind, version: 0, bodyZh: text.zh, bodyEn: text.en, publishedAt: null };
}

/** A version of a document (the newest without `version`), or null for an unknown version. */
export async function legalDocument(tx: Tx, kind: LegalKind, version?: number): Promise<LegalDocument | null> {
  if (version === 0) return builtIn(kind, await brandName(tx));
  const [row] = await tx
    .select()
    .from(legalDocuments)
    .where(version === undefined ? eq(legalDocuments.kind, kind) : and(eq(legalDocuments.kind, kind), eq(legalDocuments.version, version)))
    .orderBy(desc(legalDocuments.version))
    .limit(1);
  if (!row) return version === undefined ? builtIn(kind, await brandName(tx)) : null;
  return { kind, version: row.version, bodyZh: row.bodyZh, bodyEn: row.bodyEn, publishedAt: row.createdAt };
}

/** The current version number of every kind. */
export async function currentLegalVersions(tx: Tx): Promise<Record<LegalKind, number>> {
  const rows = await tx.select({ kind: legalDocuments.kind, version: max(legalDocuments.version) }).from(legalDocuments).groupBy(legalDocuments.kind);
  const out = Object.fromEntries(LEGAL_KINDS.map((k) => [k, 0])) as Record<LegalKind, number>;
  for (const r of rows) out[r.kind] = r.version ?? 0;
  return out;
}

export const publishLegalSchema = z.object({
  kind: z.enum(LEGAL_KINDS),
  bodyZh: z.string().trim().min(20, "legal.tooShort").max(50_000, "legal.tooLong"),
  bodyEn: z.string().trim().min(20, "legal.tooShort").max(50_000, "legal.tooLong"),
});

export async function publishLegalDocument(tx: Tx, actor: Actor, raw: z.input<typeof publishLegalSchema>) {
  const input = parseInput(publishLegalSchema, raw);
  const version = (await currentLegalVersions(tx))[input.kind] + 1;
  const row = await tx
    .transaction(async (sp) =>
      (await sp.insert(legalDocuments).values({ tenantId: await currentTenantId(tx), ...input, version, createdBy: actor.id }).returning())[0]!,
    )
    .catch((e: unknown) => {
      // Two staff publishing at once: the second is told, not silently renumbered.
      if (isUniqueViolation(e, "legal_documents_version_key")) throw new AppError("CONFLICT", "Someone published this document at the same time; reload and try again.");
      throw e;
    });
  await audit(tx, actor, { action: "legal.published", targetType: "legal_document", targetId: row.id, data: { kind: input.kind, version } });
  return { kind: input.kind, version, publishedAt: row.createdAt };
}

export interface ConsentInput {
  memberId: string;
  /** The version of each document the member was shown and accepted. */
  accepted: Partial<Record<LegalKind, number>>;
  required: readonly LegalKind[];
  context: "sign_in" | "apply" | "identity";
  ip: string | null;
}

/**
 * The current versions, after checking the member accepted each required document in its
 * current version. Throws (BAD_REQUEST missing, CONFLICT stale) otherwise.
 */
export async function checkConsents(tx: Tx, accepted: Partial<Record<LegalKind, number>>, required: readonly LegalKind[]) {
  const current = await currentLegalVersions(tx);
  const missing = required.filter((k) => accepted[k] === undefined);
  if (missing.length) {
    throw new AppError("BAD_REQUEST", "Please read and accept the documents first.", {
      fields: Object.fromEntries(missing.map((k) => [`consent.${k}`, "consent.required"])),
    });
  }
  const stale = required.filter((k) => accepted[k] !== current[k]);
  if (stale.length) {
    throw new AppError("CONFLICT", "The documents were updated. Please read them again and accept.", {
      fields: Object.fromEntries(stale.map((k) => [`consent.${k}`, "consent.stale"])),
    });
  }
  return current;
}

/** Records the member's consent to each required document; nothing is written when refused. */
export async function recordConsents(tx: Tx, input: ConsentInput) {
  const current = await checkConsents(tx, input.accepted, input.required);
  const tenantId = await currentTenantId(tx);
  await tx.insert(consents).values(
    input.required.map((kind) => ({ tenantId, memberId: input.memberId, kind, version: current[kind], context: input.context, ip: input.ip })),
  );
}

/** The member's consents, newest first (for support and the member's own records). */
export async function consentsOf(tx: Tx, memberId: string) {
  return tx.select().from(consents).where(eq(consents.memberId, memberId)).orderBy(desc(consents.acceptedAt));
}
