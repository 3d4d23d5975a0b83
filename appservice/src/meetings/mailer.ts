/** {@link InviteMailer} over SMTP with nodemailer (`meetings.smtp` in the config). */
import nodemailer from "nodemailer";
import type { MeetingsConfig } from "../config/schema.ts";
import { MailError, type InviteMail, type InviteMailer } from "./guestPorts.ts";

type SmtpConfig = NonNullable<MeetingsConfig["smtp"]>;

/** The invitation's plain-text body (also the test's reference for what guests read). */
export function inviteText(mail: InviteMail): string {
  return [
    `${mail.hostName} invites you to "${mail.meetingName}".`,
    "",
    "Open this link in your browser, type your name and wait for the host to let you in:",
    mail.link,
    "",
    `The link works once and expires on ${mail.expiresAt.toUTCString()}.`,
    "If you did not expect this invitation, ignore this email.",
  ].join("\n");
}

/** Builds the mailer for these SMTP settings. */
export function makeSmtpMailer(smtp: SmtpConfig): InviteMailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && smtp.pass !== undefined
      ? { auth: { user: smtp.user, pass: smtp.pass } }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: `Invitation: ${mail.meetingName}`,
          text: inviteText(mail),
        });
      } catch (error) {
        throw new MailError(
          `the mail server ${smtp.host}:${smtp.port} did not take the invitation (${(error as Error).message})`,
          { cause: error },
        );
      }
    },
  };
}
