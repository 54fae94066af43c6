/**
 * Identity (KYC) in the portal: the signed-in distributor's own details, masked, and the form
 * that submits them (server/payouts/kyc/identity.ts). Outputs are declared: ciphertext, hashes
 * and storage keys never reach a phone; photos only as short-lived signed links.
 */
import { z } from "zod";
import { currentLegalVersions } from "@/server/legal/documents";
import { identityChannels, identityInputSchema, identityOf, INCOME_TYPES, maskedIdentity, requireIdentityHolder, submitIdentity } from "@/server/payouts/kyc/identity";
import { photoLinks } from "@/server/payouts/kyc/photos";
import { wechatOauthConfigFor } from "@/server/payouts/kyc/wechat-oauth";
import { createTRPCRouter, distributorProcedure } from "../trpc";
import { requireSessionBrand } from "./session-brand";

const slug = z.string().trim().min(1).max(64);

const identityOutput = z.object({
  status: z.enum(["unverified", "verified", "rejected"]),
  statusReason: z.string().nullable(),
  realName: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  bankCardMasked: z.string().nullable(),
  bankName: z.string().nullable(),
  bankCardLuhnOk: z.boolean().nullable(),
  phone: z.string().nullable(),
  alipayAccount: z.string().nullable(),
  wechatLinked: z.boolean(),
  incomeType: z.enum(INCOME_TYPES),
  hasFrontPhoto: z.boolean(),
  hasBackPhoto: z.boolean(),
  verifiedAt: z.date().nullable(),
  sensitiveConsentVersion: z.number().nullable(),
  updatedAt: z.date(),
});

const viewOutput = z.object({
  /** null: nothing submitted yet (photos alone do not count as details). */
  identity: identityOutput.nullable(),
  photos: z.object({ front: z.string().nullable(), back: z.string().nullable() }),
  channels: z.object({ wechat: z.boolean(), alipay: z.boolean() }),
  /** The brand can link a WeChat openid through WeChat OAuth (its own official account or the deployment's). */
  wechatOauth: z.boolean(),
  /** The sensitive-information consent version the form's checkbox accepts. */
  consentVersion: z.number(),
});

export const portalIdentityRouter = createTRPCRouter({
  get: distributorProcedure
    .input(z.object({ slug }))
    .output(viewOutput)
    .query(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireIdentityHolder(ctx.tx, ctx.portal.memberId);
      const row = await identityOf(ctx.tx, me.id);
      return {
        identity: row?.realName ? maskedIdentity(row) : null,
        photos: photoLinks(row),
        channels: await identityChannels(ctx.tx),
        wechatOauth: (await wechatOauthConfigFor(ctx.tx)) !== null,
        consentVersion: (await currentLegalVersions(ctx.tx)).sensitive_info,
      };
    }),

  submit: distributorProcedure
    .input(identityInputSchema.extend({ slug }))
    .output(identityOutput)
    .mutation(async ({ ctx, input }) => {
      await requireSessionBrand(ctx, input.slug);
      const me = await requireIdentityHolder(ctx.tx, ctx.portal.memberId);
      const { slug: _slug, ...details } = input;
      const row = await submitIdentity(ctx.tx, { distributorId: me.id, memberId: ctx.portal.memberId, ip: ctx.ip }, details);
      return maskedIdentity(row);
    }),
});
