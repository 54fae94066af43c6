/** The mail service for this deployment, built from the validated environment. */
import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { emailOutboxProvider } from "./outbox";
import type { EmailProvider } from "./provider";
import { selectEmailProvider, type EmailEnv } from "./select";
import { smtpProvider } from "./smtp";

/** Throws SERVICE_UNAVAILABLE when mail cannot be sent (see select.ts). */
export function getEmailProvider(db: Db, emailEnv: EmailEnv = env): EmailProvider {
  const s = selectEmailProvider(emailEnv);
  return s.kind === "smtp" ? smtpProvider(s.config) : emailOutboxProvider(db);
}
