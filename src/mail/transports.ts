// The two ways mail leaves the server: SMTP when SMTP_URL is set (nodemailer),
// the log otherwise, for the administrator to pass a reset link on by hand.
import type { Transporter } from "nodemailer";
import type { Mailer, MailMessage } from "../domain/mail/mailer.ts";
import { logger } from "../logging.ts";

const log = logger("mail");

export interface ClosableMailer extends Mailer {
  close(): void;
}

/**
 * Mail through the SMTP server of `url` (smtp:// with STARTTLS when offered, smtps:// for
 * TLS from the start). A `from` without a name ("noreply@host", the default) is sent
 * under each message's `fromName`, the instance's name; one with a name keeps it.
 */
export function smtpMailer(url: string, from: string): ClosableMailer {
  const named = from.includes("<");
  // nodemailer is loaded with the first message, not at start (bench/README.md, "Idle
  // memory: what loads on first use"): many instances send mail seldom.
  let transport: Promise<Transporter> | undefined;
  let closed = false;
  const open = () =>
    (transport ??= import("nodemailer").then(({ createTransport }) => {
      const opened = createTransport(url, { from });
      // A slow or silent server must not hold a worker for long: the outbox tries again later.
      const timeouts = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };
      Object.assign(opened.options, timeouts);
      if (closed) opened.close();
      return opened;
    }));
  return {
    async send(message: MailMessage) {
      await (await open()).sendMail({
        ...(!named && message.fromName ? { from: { name: message.fromName, address: from.trim() } } : {}),
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
    },
    close: () => {
      closed = true;
      void transport?.then((opened) => opened.close());
    },
  };
}

/** Without SMTP: the message goes to the log (a warning, so that it shows at the default level). */
export function logMailer(): ClosableMailer {
  return {
    async send(message: MailMessage) {
      log.warning("No SMTP server configured (SMTP_URL): mail to {to}, \"{subject}\":\n{text}", {
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
    close: () => {},
  };
}
