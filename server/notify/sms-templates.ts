/**
 * A brand's own SMS texts for the notification kinds that send one (application outcomes now,
 * later commission and payout notices), per language. Without its own text a brand sends the
 * notifications catalogue's (kinds.<kind>.sms). Brand texts use plain {placeholder}s — only the
 * kind's own (NOTIFICATION_KINDS[kind].params) — and no ICU syntax: staff write them, and a typo
 * must be refused when saved, not fail an SMS later.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { brandSettings, type SmsTemplates } from "@/db/schema";
import { AppError } from "@/server/errors";
import { LOCALES, type Locale } from "@/server/i18n/config";
import { loadMessages } from "@/server/i18n/messages";
import { audit, type Actor } from "@/server/tenancy/audit";
import { catalogueKey, NOTIFICATION_KINDS, type NotificationKind } from "./kinds";
import { checkSmsTemplate, SMS_TEMPLATE_KINDS } from "./sms-template-text";

const textFor = (kind: NotificationKind) =>
  z
    .string()
    .trim()
    .superRefine((text, ctx) => {
      const problem = checkSmsTemplate(kind, text);
      if (problem) ctx.addIssue({ code: "custom", message: problem.key, params: problem });
    });

/** One kind's texts; an empty text goes back to the catalogue's. */
export const smsTemplateUpdateSchema = z
  .object({
    kind: z.enum(SMS_TEMPLATE_KINDS),
    texts: z.object({ "zh-CN": z.string(), en: z.string() }),
  })
  .transform((v, ctx) => {
    const texts = {} as Record<Locale, string>;
    for (const locale of LOCALES) {
      const parsed = textFor(v.kind).safeParse(v.texts[locale]);
      if (parsed.success) texts[locale] = parsed.data;
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["texts", locale] });
    }
    return { kind: v.kind, texts };
  });
export type SmsTemplateUpdate = z.input<typeof smsTemplateUpdateSchema>;

/** The catalogue's SMS text for a kind, as written (placeholders unfilled). */
export async function defaultSmsTemplate(kind: NotificationKind, locale: Locale): Promise<string> {
  const messages = (await loadMessages(locale)) as { notifications: { kinds: Record<string, { sms?: string }> } };
  return messages.notifications.kinds[catalogueKey(kind)]?.sms ?? "";
}

/** The brand's own text for a kind in a language, or null (send the catalogue's). */
export function brandSmsTemplate(templates: SmsTemplates | null | undefined, kind: NotificationKind, locale: Locale): string | null {
  const text = templates?.[kind]?.[locale]?.trim();
  return text || null;
}

/** Each kind with its placeholders and, per language, the catalogue's text and the brand's. */
export async function listSmsTemplates(tx: Tx) {
  const [row] = await tx.select({ smsTemplates: brandSettings.smsTemplates }).from(brandSettings);
  if (!row) throw new AppError("NOT_FOUND", "Brand settings not found.");
  return Promise.all(
    SMS_TEMPLATE_KINDS.map(async (kind) => ({
      kind,
      params: [...NOTIFICATION_KINDS[kind].params],
      texts: Object.fromEntries(
        await Promise.all(
          LOCALES.map(async (locale) => [
            locale,
            { default: await defaultSmsTemplate(kind, locale), custom: brandSmsTemplate(row.smsTemplates, kind, locale) },
          ]),
        ),
      ) as Record<Locale, { default: string; custom: string | null }>,
    })),
  );
}

/** Saves one kind's texts (an empty one reverts to the catalogue's), audited with what changed. */
export async function updateSmsTemplate(tx: Tx, actor: Actor, raw: SmsTemplateUpdate) {
  const parsed = smsTemplateUpdateSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    throw new AppError("BAD_REQUEST", "An SMS text is not valid.", { fields });
  }
  const { kind, texts } = parsed.data;
  const [row] = await tx.select({ tenantId: brandSettings.tenantId, smsTemplates: brandSettings.smsTemplates }).from(brandSettings).for("update");
  if (!row) throw new AppError("NOT_FOUND", "Brand settings not found.");
  const before = row.smsTemplates[kind] ?? {};
  // Only what the brand wrote is kept: the catalogue's text may improve later.
  const mine = Object.fromEntries(LOCALES.flatMap((l) => (texts[l] ? [[l, texts[l]]] : [])));
  const next: SmsTemplates = { ...row.smsTemplates };
  if (Object.keys(mine).length) next[kind] = mine;
  else delete next[kind];
  await tx.update(brandSettings).set({ smsTemplates: next, updatedAt: sql`now()` }).where(eq(brandSettings.tenantId, row.tenantId));
  const changed = LOCALES.filter((l) => (before[l] ?? "") !== (mine[l] ?? ""));
  if (changed.length) {
    await audit(tx, actor, { action: "settings.sms_templates.updated", targetType: "brand", data: { kind, changes: changed } });
  }
  return listSmsTemplates(tx);
}
