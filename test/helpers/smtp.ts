// A real SMTP server (smtp-server) on a loopback port, for tests of the mail a real
// Entraide server sends: SMTP_URL=smtp://entraide:s3cret@127.0.0.1:<port>.
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./server.ts";

export interface Received {
  mail: ParsedMail;
  user: string | undefined;
  to: string[];
}

/** A real SMTP server on 127.0.0.1 that requires a login and keeps every message it accepts. */
export async function smtpServer() {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "entraide" && auth.password === "s3cret") return callback(null, { user: auth.username });
      return callback(new Error("bad credentials"));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({ mail, user: session.user as string | undefined, to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        })
        .catch(callback);
    },
    logger: false,
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, port, inbox, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

