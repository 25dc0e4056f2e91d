import nodemailer from "nodemailer";
import type { SmtpSettings } from "./config.ts";
import type { SendMail } from "./dispatcher.ts";

/** An SMTP connection pool for digest e-mails, and how to close it. */
export interface SmtpSender {
  sendMail: SendMail;
  close(): void;
}

/**
 * A nodemailer SMTP transport from the settings: `tls` connects with TLS (port 465),
 * `starttls` refuses a server that does not offer STARTTLS, `none` sends in the clear (a
 * relay on this host, or a catcher). `sendMail` resolves once the server answered 250.
 */
export function createSmtpSender(settings: SmtpSettings): SmtpSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === "tls",
    requireTLS: settings.security === "starttls",
    ignoreTLS: settings.security === "none",
    ...(settings.user === null ? {} : { auth: { user: settings.user, pass: settings.password ?? "" } }),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    sendMail: (message) => transport.sendMail(message),
    close: () => transport.close(),
  };
}
