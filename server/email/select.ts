/**
 * Which mail service to use, from configuration alone (pure, tested without the process
 * environment). SMTP when configured; otherwise the outbox, which production refuses: mail that
 * only lands in a table would let anyone with database access reset any password.
 */
import { AppError } from "@/server/errors";

export interface EmailEnv {
  FENXIAO_ENV: "development" | "test" | "production";
  SMTP_URL?: string;
  SMTP_HOST?: string;
  SMTP_PORT?: number;
  SMTP_USER?: string;
  SMTP_PASS?: string;
  MAIL_FROM?: string;
}

export interface SmtpConfig {
  /** A connection URL (smtp:// or smtps://) or host / port / credentials. */
  url: string | null;
  host: string | null;
  port: number;
  user: string | null;
  pass: string | null;
  from: string;
}

export type EmailSelection = { kind: "outbox" } | { kind: "smtp"; config: SmtpConfig };

function notConfigured(detail: string): never {
  throw new AppError("SERVICE_UNAVAILABLE", "Email is not configured", { cause: new Error(detail) });
}

export function selectEmailProvider(e: EmailEnv): EmailSelection {
  const url = e.SMTP_URL?.trim() || null;
  const host = e.SMTP_HOST?.trim() || null;
  if (!url && !host) {
    if (e.FENXIAO_ENV === "production") notConfigured("set SMTP_URL or SMTP_HOST (the mail outbox is refused in production)");
    return { kind: "outbox" };
  }
  const from = e.MAIL_FROM?.trim();
  if (!from) notConfigured("MAIL_FROM is required with SMTP");
  return {
    kind: "smtp",
    config: { url, host, port: e.SMTP_PORT ?? 587, user: e.SMTP_USER?.trim() || null, pass: e.SMTP_PASS ?? null, from },
  };
}
