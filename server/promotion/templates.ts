/** Poster templates: the brand's backgrounds, headline and colours; one may be the default. */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { posterTemplates, type PosterLayout } from "@/db/schema";
import { currentTenantId } from "@/db/tenant";
import { AppError } from "@/server/errors";
import { audit, type Actor } from "@/server/tenancy/audit";
import { templateInputSchema, type TemplateInput } from "./schemas";
import { parseInput } from "./validate";

export type PosterTemplate = typeof posterTemplates.$inferSelect;

/** Phone-screen proportions; every poster is drawn at this size. */
export const POSTER_SIZE = { width: 750, height: 1334 } as const;

function layoutOf(input: { textColor: string; accentColor: string }): PosterLayout {
  return { ...POSTER_SIZE, textColor: input.textColor, accentColor: input.accentColor };
}

export async function listTemplates(tx: Tx, opts: { includeArchived?: boolean } = {}) {
  return tx
    .select()
    .from(posterTemplates)
    .where(opts.includeArchived ? undefined : isNull(posterTemplates.archivedAt))
    .orderBy(
      desc(posterTemplates.isDefault),
      asc(posterTemplates.archivedAt),
      desc(posterTemplates.createdAt),
    );
}

async function getLiveTemplate(tx: Tx, id: string): Promise<PosterTemplate> {
  const [row] = await tx
    .select()
    .from(posterTemplates)
    .where(and(eq(posterTemplates.id, id), isNull(posterTemplates.archivedAt)));
  if (!row) throw new AppError("NOT_FOUND", "Poster template not found.");
  return row;
}

/** The template a poster uses: the one asked for, else the default, else the newest; null if none. */
export async function templateForPoster(
  tx: Tx,
  id?: string | null,
): Promise<PosterTemplate | null> {
  if (id) return getLiveTemplate(tx, id);
  const [row] = await listTemplates(tx);
  return row ?? null;
}

export async function createTemplate(
  tx: Tx,
  actor: Actor,
  raw: TemplateInput & { isDefault?: boolean },
) {
  const input = parseInput(templateInputSchema, raw);
  // The first template becomes the default, so posters pick it up without another step.
  const [existing] = await tx
    .select({ id: posterTemplates.id })
    .from(posterTemplates)
    .where(isNull(posterTemplates.archivedAt))
    .limit(1);
  const makeDefault = !existing || raw.isDefault === true;
  if (makeDefault) await clearDefault(tx);
  const [row] = await tx
    .insert(posterTemplates)
    .values({
      tenantId: await currentTenantId(tx),
      name: input.name,
      backgroundUrl: input.backgroundUrl,
      headline: input.headline,
      layout: layoutOf(input),
      isDefault: makeDefault,
    })
    .returning();
  await audit(tx, actor, {
    action: "posterTemplate.create",
    targetType: "poster_template",
    targetId: row!.id,
    data: { name: input.name },
  });
  return row!;
}

export async function updateTemplate(tx: Tx, actor: Actor, id: string, raw: TemplateInput) {
  const input = parseInput(templateInputSchema, raw);
  await getLiveTemplate(tx, id);
  const [row] = await tx
    .update(posterTemplates)
    .set({
      name: input.name,
      backgroundUrl: input.backgroundUrl,
      headline: input.headline,
      layout: layoutOf(input),
    })
    .where(eq(posterTemplates.id, id))
    .returning();
  await audit(tx, actor, {
    action: "posterTemplate.update",
    targetType: "poster_template",
    targetId: id,
  });
  return row!;
}

async function clearDefault(tx: Tx) {
  await tx
    .update(posterTemplates)
    .set({ isDefault: false })
    .where(eq(posterTemplates.isDefault, true));
}

export async function setDefaultTemplate(tx: Tx, actor: Actor, id: string) {
  await getLiveTemplate(tx, id);
  await clearDefault(tx);
  const [row] = await tx
    .update(posterTemplates)
    .set({ isDefault: true })
    .where(eq(posterTemplates.id, id))
    .returning();
  await audit(tx, actor, {
    action: "posterTemplate.setDefault",
    targetType: "poster_template",
    targetId: id,
  });
  return row!;
}

/** Archived templates are no longer offered; archiving the default leaves none marked default. */
export async function archiveTemplate(tx: Tx, actor: Actor, id: string) {
  await getLiveTemplate(tx, id);
  const [row] = await tx
    .update(posterTemplates)
    .set({ archivedAt: sql`now()`, isDefault: false })
    .where(eq(posterTemplates.id, id))
    .returning();
  await audit(tx, actor, {
    action: "posterTemplate.archive",
    targetType: "poster_template",
    targetId: id,
  });
  return row!;
}
