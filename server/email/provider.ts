/** What the app needs from a mail service: deliver one plain-text message. */
import { AppError } from "@/server/errors";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface EmailProvider {
  readonly name: "outbox" | "smtp";
  /** Resolves once the server accepted the message. */
  send(message: EmailMessage): Promise<void>;
}

/** One generic failure for clients; the detail stays in `cause` for the log. */
export function emailSendFailed(cause: unknown): AppError {
  return new AppError("SERVICE_UNAVAILABLE", "Could not send the email. Please try again later.", { cause });
}
