// The mail port: what the domain and the edges hand over to be sent. The
// server plugs in SMTP (SMTP_URL) or, without it, the log (src/mail/).

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /**
   * The sender's name, when SMTP_FROM gives an address alone: the instance's name as
   * its administrator last saved it (the mail worker sets it on every message).
   */
  fromName?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
