// The mail port: what the domain and the edges hand over to be sent. The
// server plugs in SMTP (SMTP_URL) or, without it, the log (src/mail/).

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
