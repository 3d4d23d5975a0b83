/**
 * A local mail sink for tests: smtp-server on a free loopback port (no TLS, no login), every
 * message parsed with mailparser into an in-memory inbox. `waitForMail(to)` waits for the next
 * message to an address and names it in the timeout.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { waitFor } from "./waitFor.ts";

/** One received message. */
export type SinkMail = { to: string[]; from: string; subject: string; text: string };

/** A running sink. */
export type SmtpSink = {
  host: string;
  port: number;
  inbox: SinkMail[];
  /** The first mail to `to` not taken before; removed from the inbox. */
  waitForMail(to: string, timeoutMs?: number): Promise<SinkMail>;
  stop(): Promise<void>;
};

/** Starts the sink on 127.0.0.1. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const inbox: SinkMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          inbox.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: typeof parsed.from?.text === "string" ? parsed.from.text : "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
          });
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    host: "127.0.0.1",
    port,
    inbox,
    async waitForMail(to, timeoutMs = 15_000) {
      return waitFor(
        `a mail to ${to}`,
        async () => {
          const index = inbox.findIndex((mail) => mail.to.includes(to));
          return index < 0 ? undefined : inbox.splice(index, 1)[0];
        },
        { timeoutMs },
      );
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Registers vitest hooks for one sink per test file (started before all tests, stopped after)
 * and returns an accessor; read it inside tests and hooks, not at module level.
 */
export function useSmtpSink(): () => SmtpSink {
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
  }, 60_000);
  afterAll(async () => {
    await sink?.stop();
  });
  return () => {
    if (sink === undefined) throw new Error("the SMTP sink is not started yet");
    return sink;
  };
}
