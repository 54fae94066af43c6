/**
 * Per-brand SMS texts: what a brand may write (its kind's placeholders only, no 【】, a length
 * cap), saving and reverting to the catalogue's text (audited), who may change them, and the
 * outcome SMS sent in the brand's wording in the member's language (the catalogue's otherwise).
 */
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { zodFields } from "@/server/api/trpc";
import type { Database } from "@/db/client";
import { brandSettings } from "@/db/schema";
import { rowsOf, withTenant } from "@/db/tenant";
import { createTestDatabase } from "@/db/testing/test-db";
import { LOCALES } from "@/server/i18n/config";
import { applyAsDistributor, reviewApplications } from "@/server/network/distributors";
import { ADMIN, buyer, nextPhone } from "@/server/network/test-helpers";
import { rememberMemberContact } from "@/server/portal/member";
import { listOutbox } from "@/server/sms/outbox";
import { createBrandFixture, staffCaller } from "@/server/testing/fixtures";
import { staffInRole } from "@/server/testing/staff-roles";
import type { Locale } from "@/server/i18n/config";
import { NOTIFICATION_KINDS } from "./kinds";
import { renderNotification } from "./render";
import { checkSmsTemplate, renderSmsTemplate, SMS_TEMPLATE_KINDS, SMS_TEMPLATE_MAX } from "./sms-template-text";
import { defaultSmsTemplate } from "./sms-templates";

describe("checking a brand's SMS text", () => {
  it("accepts the kind's own placeholders and plain text", () => {
    expect(checkSmsTemplate("application.rejected", "{brand}：未通过，原因 { reason }。")).toBeNull();
    expect(checkSmsTemplate("application.approved", "恭喜通过审核")).toBeNull();
  });

  it("refuses another kind's or an unknown placeholder, naming it", () => {
    expect(checkSmsTemplate("application.approved", "原因：{reason}")).toEqual({ key: "smsTemplate.unknownPlaceholder", placeholder: "reason" });
    expect(checkSmsTemplate("application.approved", "{name}您好")).toEqual({ key: "smsTemplate.unknownPlaceholder", placeholder: "name" });
    // ICU syntax is not offered to staff: a plural is an unknown placeholder, not a feature.
    expect(checkSmsTemplate("application.approved", "{level, select, A {a} other {b}}")?.key).toBe("smsTemplate.unknownPlaceholder");
  });

  it("refuses a placeholder typed wrong, a second signature and an over-long text", () => {
    expect(checkSmsTemplate("application.approved", "欢迎加入{brand")).toEqual({ key: "smsTemplate.malformed" });
    expect(checkSmsTemplate("application.approved", "brand}欢迎")).toEqual({ key: "smsTemplate.malformed" });
    expect(checkSmsTemplate("application.approved", "【好邦】欢迎")).toEqual({ key: "smsTemplate.brackets" });
    expect(checkSmsTemplate("application.approved", "好".repeat(SMS_TEMPLATE_MAX + 1))).toEqual({ key: "smsTemplate.tooLong" });
  });

  it("fills placeholders, a missing value as empty text", () => {
    expect(renderSmsTemplate("{brand}：{ level }级{reason}", { brand: "好邦", level: "A" })).toBe("好邦：A级");
  });

  it.each(SMS_TEMPLATE_KINDS.flatMap((k) => LOCALES.map((l) => [k, l] as const)))(
    "the catalogue's %s text in %s reads the same filled plainly as through the catalogue (the form's default and preview are true)",
    async (kind, locale) => {
      const params = Object.fromEntries(NOTIFICATION_KINDS[kind].params.map((p) => [p, `<${p}>`]));
      const raw = await defaultSmsTemplate(kind, locale);
      expect(checkSmsTemplate(kind, raw)).toBeNull();
      expect(renderSmsTemplate(raw, params)).toBe((await renderNotification(kind, params, locale)).sms);
    },
  );
});

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

async function brandWithApplicant(locale: Locale) {
  const b = await createBrandFixture(t, "Tea House");
  const phone = nextPhone();
  const d = await withTenant(t.db, b.tenantId, async (tx) => {
    await tx.update(brandSettings).set({ smsSignature: "茶舍" }).where(eq(brandSettings.tenantId, b.tenantId));
    const m = await buyer(tx, phone);
    await rememberMemberContact(tx, m, { phone, locale });
    return applyAsDistributor(tx, m, { name: "Applicant", region: "杭州" });
  });
  const owner = (await staffCaller(t, b.ownerUserId, b.tenantId)).caller;
  return { b, phone, d, owner };
}

const SMS_KINDS = Object.entries(NOTIFICATION_KINDS)
  .filter(([, def]) => def.sms)
  .map(([kind]) => kind);

const smsTo = async (phone: string) => (await listOutbox(t.db, 500)).filter((m) => m.phone === phone).map((m) => m.body);

describe("a brand's SMS texts", () => {
  it("are saved per language, audited, listed beside the catalogue's, and an empty text reverts", async () => {
    const { b, owner } = await brandWithApplicant("zh-CN");
    const before = await owner.settings.smsTemplates();
    // Every kind that is also sent by SMS, in catalogue order (withdrawal outcomes too).
    expect(before.map((k) => k.kind)).toEqual(SMS_KINDS);
    expect(before[0]!.params).toEqual(["brand", "level"]);
    expect(before[0]!.texts["zh-CN"]).toEqual({ default: "您申请成为{brand}分销员已通过审核，登录分销中心即可开始推广。", custom: null });

    const saved = await owner.settings.updateSmsTemplate({ kind: "application.rejected", texts: { "zh-CN": "  很抱歉，{brand}暂未通过：{reason}  ", en: "" } });
    expect(saved[1]!.texts["zh-CN"].custom).toBe("很抱歉，{brand}暂未通过：{reason}");
    expect(saved[1]!.texts.en.custom).toBeNull();
    const stored = await withTenant(t.db, b.tenantId, async (tx) => (await tx.select({ s: brandSettings.smsTemplates }).from(brandSettings))[0]!.s);
    expect(stored).toEqual({ "application.rejected": { "zh-CN": "很抱歉，{brand}暂未通过：{reason}" } });

    await owner.settings.updateSmsTemplate({ kind: "application.rejected", texts: { "zh-CN": "", en: "" } });
    const after = await withTenant(t.db, b.tenantId, async (tx) => (await tx.select({ s: brandSettings.smsTemplates }).from(brandSettings))[0]!.s);
    expect(after).toEqual({});
    const audits = await withTenant(t.db, b.tenantId, async (tx) =>
      rowsOf<{ data: unknown }>(await tx.execute(sql`select data from audit_logs where action = 'settings.sms_templates.updated' order by id`)),
    );
    expect(audits.map((a) => a.data)).toEqual([
      { kind: "application.rejected", changes: ["zh-CN"] },
      { kind: "application.rejected", changes: ["zh-CN"] },
    ]);
  });

  it("refuses an unknown placeholder as a field error on its language and saves nothing", async () => {
    const { b, owner } = await brandWithApplicant("en");
    const err = await owner.settings
      .updateSmsTemplate({ kind: "application.approved", texts: { "zh-CN": "欢迎{brand}", en: "Reason: {reason}" } })
      .catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    // What the console form reads: the English text's field, with the catalogue key.
    expect(zodFields((err as TRPCError).cause as ZodError)).toEqual({ "texts.en": "smsTemplate.unknownPlaceholder" });
    const stored = await withTenant(t.db, b.tenantId, async (tx) => (await tx.select({ s: brandSettings.smsTemplates }).from(brandSettings))[0]!.s);
    expect(stored).toEqual({});
  });

  it("may be read by any staff with settings.read but changed only with settings.write", async () => {
    const { b } = await brandWithApplicant("en");
    const operator = await staffInRole(t, b, "operator");
    const caller = (await staffCaller(t, operator.userId, b.tenantId)).caller;
    expect(await caller.settings.smsTemplates()).toHaveLength(SMS_KINDS.length);
    const err = await caller.settings.updateSmsTemplate({ kind: "application.approved", texts: { "zh-CN": "好", en: "" } }).catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe("FORBIDDEN");
  });

  it("word the outcome SMS in the member's language; a language without one gets the catalogue's", async () => {
    const zh = await brandWithApplicant("zh-CN");
    await zh.owner.settings.updateSmsTemplate({ kind: "application.rejected", texts: { "zh-CN": "{brand}：本次未通过（{reason}）", en: "" } });
    await withTenant(t.db, zh.b.tenantId, (tx) => reviewApplications(tx, ADMIN, { ids: [zh.d.id], decision: "reject", reason: "地区未开放" }));
    expect(await smsTo(zh.phone)).toEqual(["【茶舍】Tea House：本次未通过（地区未开放）"]);

    const en = await brandWithApplicant("en");
    await en.owner.settings.updateSmsTemplate({ kind: "application.approved", texts: { "zh-CN": "{brand}欢迎您，等级{level}", en: "" } });
    await en.owner.distributors.review({ ids: [en.d.id], decision: "approve" });
    expect(await smsTo(en.phone)).toEqual(["【茶舍】Your application to distribute for Tea House was approved. Sign in to the portal to share your link."]);
  });
});
