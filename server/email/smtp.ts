/** SMTP through nodemailer (production mail). */
import { emailSendFailed, type EmailProvider } from "./provider";
import type { SmtpConfig } from "./select";

type Transport = ReturnType<typeof import("nodemailer").createTransport>;
let cached: { key: string; transport: Transport } | undefined;

async function transportFor(config: SmtpConfig): Promise<Transport> {
  const key = JSON.stringify([config.url, config.host, config.port, config.user, config.pass]);
  if (cached?.key === key) return cached.transport;
  const nodemailer = await import("nodemailer");
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  const transport = config.url
    ? nodemailer.createTransport(config.url, timeouts)
    : nodemailer.createTransport({
        host: config.host!,
        port: config.port,
        // 465 is implicit TLS; other ports upgrade with STARTTLS, which nodemailer requires to succeed here.
        secure: config.port === 465,
        requireTLS: config.port !== 465 && config.port !== 25,
        auth: config.user ? { user: config.user, pass: config.pass ?? "" } : undefined,
        ...timeouts,
      });
  cached = { key, transport };
  return transport;
}

export function smtpProvider(config: SmtpConfig): EmailProvider {
  return {
    name: "smtp",
    async send(m) {
      try {
        const transport = await transportFor(config);
        await transport.sendMail({ from: config.from, to: m.to, subject: m.subject, text: m.text });
      } catch (e) {
        throw emailSendFailed(e);
      }
    },
  };
}
