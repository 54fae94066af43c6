/**
 * next-auth (v5) for staff: email + password through the Credentials provider. The JWT holds
 * only the server-side session id (`sid`); server/auth/staff-auth.ts validates it on every
 * request, and sign-out deletes the row so a copied cookie stops working.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { clientIp, readCookie } from "@/server/shared/request";
import { isKnownDevice, KNOWN_DEVICE_COOKIE } from "./known-device";
import {
  authenticateStaff,
  createStaffSession,
  revokeStaffSession,
  STAFF_SESSION_DAYS,
} from "./staff-auth";

class RateLimited extends CredentialsSignin {
  override code = "rate_limited";
}
class BadCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

const credentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1) });

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: STAFF_SESSION_DAYS * 86400 },
  pages: { signIn: "/signin" },
  // A wrong password is an expected outcome (shown to the user), not a server error to log.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new BadCredentials();
        try {
          const db = await appDb();
          const device = readCookie(request.headers.get("cookie"), KNOWN_DEVICE_COOKIE);
          const user = await authenticateStaff(db, {
            ...parsed.data,
            ip: clientIp(request.headers),
            knownDevice: isKnownDevice(device, parsed.data.email),
          });
          const sid = await createStaffSession(db, user.id);
          return { id: user.id, email: user.email, name: user.name, sid };
        } catch (e) {
          if (isAppError(e) && e.code === "TOO_MANY_REQUESTS") throw new RateLimited();
          if (isAppError(e)) throw new BadCredentials();
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user && "sid" in user) token.sid = user.sid;
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: token.sid as string | undefined };
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? (message.token?.sid as string | undefined) : undefined;
      if (sid) await revokeStaffSession(await appDb(), sid);
    },
  },
});

/** The validated staff session id for this request, or null. */
export async function currentStaffSessionId(): Promise<string | null> {
  const s = (await auth()) as { sid?: string } | null;
  return s?.sid ?? null;
}
