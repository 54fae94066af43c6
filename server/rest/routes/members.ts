/**
 * GET /api/v1/members/{identity} — a member's growth value for the brand's membership system
 * (issue 12 item 6). `identity` is the member id, `kind:value` with an OneID identity kind
 * (`phone:13800138000`, `wechat_unionid:…`, `wechat_openid:…`) or a bare mainland mobile.
 */
import { z } from "@hono/zod-openapi";
import { AppError } from "@/server/errors";
import { foldGrowth } from "@/server/incentives/growth/fold";
import { findMemberId, memberGrowth } from "@/server/incentives/growth/read";
import type { RestApp } from "../app";
import { problems, restRoute } from "../route";
import { jsonContent } from "../schemas";
import { inTenant } from "../tenant";

const IdentityParam = z.object({
  identity: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "identity", in: "path" }, description: "Member id, `kind:value` (kinds as in orders' buyer identities) or a mobile number.", example: "phone:13800138000" }),
});

const MemberSchema = z
  .object({
    memberId: z.string(),
    distributorCode: z.string().nullable(),
    growthValueFen: z.number().int().openapi({ description: "Settled distribution GMV as buyer and as distributor, net of refunds (fen)." }),
    asBuyerFen: z.number().int(),
    asDistributorFen: z.number().int(),
  })
  .openapi("Member", {
    example: { memberId: "0190b8e2-7b1c-7000-8000-000000000001", distributorCode: "K7Q2M9", growthValueFen: 1_280_000, asBuyerFen: 80_000, asDistributorFen: 1_200_000 },
  });

export const getMemberRoute = restRoute({
  method: "get",
  path: "/api/v1/members/{identity}",
  tags: ["Members"],
  summary: "A member's growth value",
  request: { params: IdentityParam },
  responses: {
    200: { description: "The member (the survivor, if OneID merged it).", content: jsonContent(MemberSchema) },
    ...problems({ 400: "Not a member id, mobile number or `kind:value` identity (`errors.identity`).", 404: "No member with this identity." }),
  },
});

export function registerMembers(app: RestApp) {
  app.openapi(getMemberRoute, (c) =>
    inTenant(c, async (tx, caller) => {
      const { identity } = c.req.valid("param");
      const memberId = await findMemberId(tx, identity);
      if (!memberId) throw new AppError("NOT_FOUND", "No member with this identity.");
      // Up to date as of this read: fold what settled or was refunded since the last sweep.
      await foldGrowth(tx, caller.tenantId);
      const g = await memberGrowth(tx, memberId);
      if (!g) throw new AppError("NOT_FOUND", "No member with this identity.");
      return c.json({ memberId: g.memberId, distributorCode: g.distributorCode, growthValueFen: g.growthValueFen, asBuyerFen: g.asBuyerFen, asDistributorFen: g.asDistributorFen }, 200);
    }),
  );
}
