import { handlers } from "@/server/auth/next-auth";
import { cappedBodyRoute } from "@/server/http/capped-route";

export const { GET } = handlers;
// Sign-in and sign-out forms are a few hundred bytes.
export const POST = cappedBodyRoute(handlers.POST, { maxBytes: 16 * 1024, deadlineMs: 10_000 });
